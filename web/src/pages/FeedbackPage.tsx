// 公众意见: staff triage of what the public sent through the public notice pages — the list in
// the user's scope with a status filter and pages, and per item: assign to a unit and problem,
// reply, publish the reply on the public pages (or withdraw it), close.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, ApiError } from '../api/client.ts';
import type { Feedback, FeedbackPage as FeedbackList, FeedbackStatus } from '../api/feedbackTypes.ts';
import type { LedgerPage, LedgerRow } from '../api/types.ts';

const statusLabels: Record<FeedbackStatus, string> = {
  received: '待办理',
  assigned: '办理中',
  replied: '已答复',
  closed: '已办结',
};
const statusColors: Record<FeedbackStatus, string> = {
  received: 'red',
  assigned: 'orange',
  replied: 'blue',
  closed: 'green',
};

const formatInstant = (instant: string | null) =>
  instant ? new Date(instant).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';

const errorText = (error: unknown) => (error instanceof ApiError ? error.message : '操作失败，请稍后重试');

interface Unit {
  id: number;
  name: string;
}

function FeedbackDrawer(props: { item: Feedback; onChanged: (item: Feedback) => void; onClose: () => void }) {
  const { item, onChanged } = props;
  const { message } = AntApp.useApp();
  const [units, setUnits] = useState<Unit[]>([]);
  const [problems, setProblems] = useState<LedgerRow[]>([]);
  const [unitId, setUnitId] = useState<number>(item.assignedUnitId ?? item.unitId);
  const [problemId, setProblemId] = useState<number | null>(item.problemId);
  const [note, setNote] = useState(item.triageNote ?? '');
  const [reply, setReply] = useState(item.reply ?? '');
  const [publish, setPublish] = useState(item.isReplyPublished);
  const [busy, setBusy] = useState(false);
  const isClosed = item.status === 'closed';

  useEffect(() => {
    void api.get<{ items: Unit[] }>('/api/units').then((result) => setUnits(result.items));
  }, []);
  useEffect(() => {
    void api
      .get<LedgerPage>('/api/ledger', { unitId, pageSize: 500 })
      .then((result) => setProblems(result.items))
      .catch(() => setProblems([]));
  }, [unitId]);

  const act = async (path: string, body: object, done: string) => {
    setBusy(true);
    try {
      const updated = await api.post<Feedback>(`/api/feedback/${item.id}/${path}`, {
        version: item.version,
        ...body,
      });
      onChanged(updated);
      void message.success(done);
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer title={`公众意见 ${item.reference}`} open width={640} onClose={props.onClose} destroyOnHidden>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="状态">
          <Tag color={statusColors[item.status]}>{statusLabels[item.status]}</Tag>
          {item.isReplyPublished && <Tag color="green">答复已公开</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="收到时间">{formatInstant(item.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label="所涉通报">
          <a href={`/public/notices/${item.publicationId}`} target="_blank" rel="noreferrer">
            {item.reportTitle}（第 {item.reportVersion} 版）
          </a>
        </Descriptions.Item>
        <Descriptions.Item label="所涉问题">
          {item.problemTitle
            ? `${item.problemNumber ? `${item.problemNumber}. ` : ''}${item.problemTitle}`
            : '通报整体'}
        </Descriptions.Item>
        <Descriptions.Item label="意见内容">
          <Typography.Paragraph
            style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}
            data-testid="feedback-content"
          >
            {item.content}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label="姓名">{item.senderName ?? '（未留）'}</Descriptions.Item>
        <Descriptions.Item label="联系方式">{item.senderContact ?? '（未留）'}</Descriptions.Item>
        <Descriptions.Item label="附件">
          {item.attachment ? (
            <a href={`/api/feedback/${item.id}/attachment`}>{item.attachment.fileName}</a>
          ) : (
            '无'
          )}
        </Descriptions.Item>
      </Descriptions>

      {isClosed && (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          message={`已于 ${formatInstant(item.closedAt)} 办结`}
        />
      )}

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        分办
      </Typography.Title>
      <Form layout="vertical" disabled={isClosed || busy}>
        <Form.Item label="承办单位">
          <Select
            value={unitId}
            options={units.map((unit) => ({ value: unit.id, label: unit.name }))}
            onChange={(value: number) => {
              setUnitId(value);
              setProblemId(null);
            }}
            aria-label="承办单位"
          />
        </Form.Item>
        <Form.Item label="对应问题">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="（通报整体）"
            value={problemId ?? undefined}
            options={problems.map((problem) => ({
              value: problem.id,
              label: `${problem.number ? `${problem.number}. ` : ''}${problem.title}`,
            }))}
            onChange={(value?: number) => setProblemId(value ?? null)}
            aria-label="对应问题"
          />
        </Form.Item>
        <Form.Item label="内部备注（不公开）">
          <Input.TextArea
            rows={2}
            value={note}
            maxLength={1000}
            onChange={(event) => setNote(event.target.value)}
          />
        </Form.Item>
        <Button onClick={() => void act('assign', { unitId, problemId, note: note || null }, '已分办')}>
          分办
        </Button>
      </Form>

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        答复
      </Typography.Title>
      <Form layout="vertical" disabled={isClosed || busy}>
        <Form.Item label="答复内容">
          <Input.TextArea
            rows={4}
            value={reply}
            maxLength={4000}
            onChange={(event) => setReply(event.target.value)}
            aria-label="答复内容"
          />
        </Form.Item>
        <Form.Item>
          <Checkbox checked={publish} onChange={(event) => setPublish(event.target.checked)}>
            在公开页面公布答复（不公开姓名和联系方式）
          </Checkbox>
        </Form.Item>
        <Button
          type="primary"
          disabled={reply.trim() === ''}
          onClick={() => void act('reply', { reply, publish }, '已答复')}
        >
          保存答复
        </Button>
      </Form>

      <Space style={{ marginTop: 24 }}>
        {item.reply && (
          <Button
            disabled={busy}
            onClick={() =>
              void act(
                'publish',
                { isPublished: !item.isReplyPublished },
                item.isReplyPublished ? '已撤回公开' : '答复已公开',
              )
            }
          >
            {item.isReplyPublished ? '撤回公开答复' : '公开答复'}
          </Button>
        )}
        <Button danger disabled={isClosed || busy} onClick={() => void act('close', {}, '已办结')}>
          办结
        </Button>
      </Space>
    </Drawer>
  );
}

export function FeedbackPage() {
  const [status, setStatus] = useState<FeedbackStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<FeedbackList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Feedback | null>(null);
  const pageSize = 20;

  const load = useCallback(async () => {
    try {
      setData(await api.get<FeedbackList>('/api/feedback', { status, page, pageSize }));
      setError(null);
    } catch (caught) {
      setError(errorText(caught));
    }
  }, [status, page]);
  useEffect(() => {
    void load();
  }, [load]);

  const columns: ColumnsType<Feedback> = [
    { title: '查询编号', dataIndex: 'reference', width: 170 },
    { title: '收到时间', dataIndex: 'receivedAt', width: 170, render: formatInstant },
    { title: '单位', render: (_value, item) => item.assignedUnitName ?? item.unitName, width: 160 },
    {
      title: '内容',
      dataIndex: 'content',
      ellipsis: true,
      render: (content: string) => <span title={content}>{content}</span>,
    },
    {
      title: '状态',
      width: 150,
      render: (_value, item) => (
        <Space size={4}>
          <Tag color={statusColors[item.status]}>{statusLabels[item.status]}</Tag>
          {item.isReplyPublished && <Tag color="green">已公开</Tag>}
        </Space>
      ),
    },
    {
      title: '操作',
      width: 90,
      render: (_value, item) => (
        <Button size="small" onClick={() => setOpen(item)}>
          办理
        </Button>
      ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          公众意见
        </Typography.Title>
        <Space>
          <Select
            allowClear
            placeholder="全部状态"
            style={{ width: 140 }}
            value={status}
            onChange={(value?: FeedbackStatus) => {
              setStatus(value);
              setPage(1);
            }}
            options={(Object.keys(statusLabels) as FeedbackStatus[]).map((value) => ({
              value,
              label: statusLabels[value],
            }))}
            aria-label="状态筛选"
          />
          <a href="/public/" target="_blank" rel="noreferrer">
            打开公开页面
          </a>
        </Space>
      </Space>
      {error && <Alert type="error" message={error} />}
      <Table<Feedback>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={!data && !error}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 条`,
          onChange: setPage,
        }}
        locale={{ emptyText: '暂无公众意见' }}
      />
      {open && (
        <FeedbackDrawer
          key={open.id}
          item={open}
          onClose={() => setOpen(null)}
          onChanged={(updated) => {
            setOpen(updated);
            void load();
          }}
        />
      )}
    </Space>
  );
}
