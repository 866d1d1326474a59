// 督办单 on one problem (on the problem page): its notices with reply and close, and for the
// inspection office the button that issues a new one.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card } from 'antd';
import { api } from '../../api/client.ts';
import type { SupervisionNotice } from '../../api/supervisionTypes.ts';
import { useAuth } from '../../auth.tsx';
import { errorText } from '../problem/model.ts';
import { IssueNoticeModal } from './IssueNoticeModal.tsx';
import { NoticesTable } from './NoticesTable.tsx';

export function ProblemNoticesSection({
  problem,
  onChanged,
}: {
  problem: { id: number; number: string | null; title: string };
  /** The problem's timeline shows each step, so the page reloads it. */
  onChanged(): void;
}) {
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const [notices, setNotices] = useState<SupervisionNotice[] | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [isIssuing, setIsIssuing] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    api
      .get<{ items: SupervisionNotice[] }>('/api/supervision-notices', { problemId: problem.id })
      .then((result) => isCurrent && setNotices(result.items))
      .catch((caught: unknown) => isCurrent && setBanner(errorText(caught, '加载督办单失败')));
    return () => {
      isCurrent = false;
    };
  }, [problem.id, reloadKey]);

  const changed = useCallback(() => {
    setReloadKey((key) => key + 1);
    onChanged();
  }, [onChanged]);

  if (!user) return null;
  const label = `问题 ${problem.number ?? problem.id}“${problem.title.slice(0, 30)}”`;
  return (
    <Card
      title="督办单"
      size="small"
      extra={
        user.role === 'office' && (
          <Button size="small" type="primary" onClick={() => setIsIssuing(true)}>
            下发督办单
          </Button>
        )
      }
    >
      {banner && <Alert type="error" showIcon message={banner} style={{ marginBottom: 8 }} />}
      <NoticesTable
        notices={notices ?? []}
        role={user.role}
        isLoading={notices === null}
        showProblem={false}
        onChanged={changed}
        onConflict={() => {
          setBanner('督办单已被他人处理，已刷新');
          changed();
        }}
      />
      {isIssuing && (
        <IssueNoticeModal
          problem={{ id: problem.id, label }}
          onIssued={() => {
            message.success('督办单已下发');
            setIsIssuing(false);
            changed();
          }}
          onClose={() => setIsIssuing(false)}
        />
      )}
    </Card>
  );
}
