// 操作记录: every event on the problem, oldest first, with who, when, what (in Chinese), the
// reason or statement of a workflow step and the hashes of the evidence it rested on.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Spin, Timeline, Tooltip, Typography } from 'antd';
import { api } from '../../api/client.ts';
import { stateLabels } from '../../labels.ts';
import { errorText, eventLabel, formatInstant, shortHash, type TimelineEntry } from './model.ts';

const colors: Record<string, string> = {
  apply_close: 'orange',
  approve: 'green',
  reject: 'red',
  reopen_rebound: 'red',
  withdraw: 'gray',
  start: 'blue',
  flag_added: 'red',
};

/** A comment's or flag's text, recorded as the event's `after.body`. */
function detailBody(entry: TimelineEntry): string | undefined {
  const after = entry.details?.after;
  if (!after || typeof after !== 'object') return undefined;
  const body = (after as { body?: unknown }).body;
  return typeof body === 'string' ? body : undefined;
}

function EntryBody({ entry }: { entry: TimelineEntry }) {
  const transition = entry.transition;
  return (
    <div data-event={entry.action}>
      <Typography.Text strong>{eventLabel(entry.action)}</Typography.Text>
      <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
        {entry.actor?.displayName ?? '系统'} · {formatInstant(entry.at)}
      </Typography.Text>
      {transition && (
        <div style={{ fontSize: 12 }}>
          <Typography.Text type="secondary">
            {stateLabels[transition.from]} → {stateLabels[transition.to]}
          </Typography.Text>
          {transition.statement && <div>说明：{transition.statement}</div>}
          {transition.reason && (
            <div>
              <Typography.Text type="danger">理由：</Typography.Text>
              {transition.reason}
            </div>
          )}
          {transition.evidence.length > 0 && (
            <div>
              <Typography.Text type="secondary">依据材料：</Typography.Text>
              {transition.evidence.map((file) => (
                <Tooltip key={file.evidenceId} title={`SHA-256 ${file.sha256}`}>
                  <span style={{ marginRight: 8 }}>
                    {file.fileName} <code>{shortHash(file.sha256)}</code>
                  </span>
                </Tooltip>
              ))}
            </div>
          )}
        </div>
      )}
      {typeof detailBody(entry) === 'string' && (
        <div style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>{detailBody(entry)}</div>
      )}
      {entry.evidence && (
        <div style={{ fontSize: 12 }}>
          {entry.evidence.fileName}{' '}
          <Tooltip title={`SHA-256 ${entry.evidence.sha256}`}>
            <code>{shortHash(entry.evidence.sha256)}</code>
          </Tooltip>
        </div>
      )}
    </div>
  );
}

export function TimelineSection({ problemId, reloadKey }: { problemId: number; reloadKey: number }) {
  const [items, setItems] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api
      .get<{ items: TimelineEntry[] }>(`/api/problems/${problemId}/timeline`)
      .then((result) => {
        setItems(result.items);
        setError(null);
      })
      .catch((caught: unknown) => setError(errorText(caught, '加载操作记录失败')));
  }, [problemId]);
  useEffect(() => load(), [load, reloadKey]);

  return (
    <Card title="操作记录" size="small" data-section="timeline">
      {error ? (
        <Alert type="error" showIcon message={error} action={<Button onClick={load}>重试</Button>} />
      ) : !items ? (
        <div style={{ textAlign: 'center', padding: 24 }}>
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无操作记录" />
      ) : (
        <Timeline
          style={{ marginTop: 8 }}
          items={items.map((entry) => ({
            key: entry.eventId,
            color: colors[entry.action] ?? 'gray',
            children: <EntryBody entry={entry} />,
          }))}
        />
      )}
    </Card>
  );
}
