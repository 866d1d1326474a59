// 督办单: every supervision notice in the user's scope, filtered by state; the inspection office
// issues one on a unit here (on a problem from the problem page), the unit replies, the office
// closes.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Segmented, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../api/client.ts';
import type { NoticeState, SupervisionNotice } from '../api/supervisionTypes.ts';
import { useAuth } from '../auth.tsx';
import { errorText } from '../components/problem/model.ts';
import { IssueNoticeModal } from '../components/supervision/IssueNoticeModal.tsx';
import { NoticesTable } from '../components/supervision/NoticesTable.tsx';

type Filter = 'all' | NoticeState;

export function NoticesPage() {
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const [filter, setFilter] = useState<Filter>('all');
  const [notices, setNotices] = useState<SupervisionNotice[] | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [isIssuing, setIsIssuing] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);

  const reload = useCallback(() => setReloadKey((key) => key + 1), []);

  useEffect(() => {
    let isCurrent = true;
    setNotices(null);
    api
      .get<{ items: SupervisionNotice[] }>('/api/supervision-notices', {
        state: filter === 'all' ? undefined : filter,
      })
      .then((result) => isCurrent && setNotices(result.items))
      .catch((caught: unknown) => {
        if (!isCurrent) return;
        setNotices([]);
        setBanner(errorText(caught, '加载督办单失败'));
      });
    return () => {
      isCurrent = false;
    };
  }, [filter, reloadKey]);

  if (!user) return null;
  return (
    <Card
      title="督办单"
      extra={
        user.role === 'office' && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsIssuing(true)}>
            下发督办单
          </Button>
        )
      }
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: '全部' },
            { value: 'issued', label: '待回复' },
            { value: 'replied', label: '已回复' },
            { value: 'closed', label: '已办结' },
          ]}
        />
        {banner && <Alert type="error" showIcon message={banner} closable onClose={() => setBanner(null)} />}
        <NoticesTable
          notices={notices ?? []}
          role={user.role}
          isLoading={notices === null}
          onChanged={reload}
          onConflict={() => {
            setBanner('督办单已被他人处理，已刷新列表');
            reload();
          }}
        />
      </Space>
      {isIssuing && (
        <IssueNoticeModal
          onIssued={(notice) => {
            message.success(`已向${notice.unitName}下发督办单`);
            setIsIssuing(false);
            reload();
          }}
          onClose={() => setIsIssuing(false)}
        />
      )}
    </Card>
  );
}
