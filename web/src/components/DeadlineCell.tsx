// A deadline with its days left: red when overdue, orange within 7 days, grey when closed;
// pending when its day waits for a year's official calendar.
import { Tooltip, Typography } from 'antd';
import type { LedgerState } from '../api/types.ts';
import { daysUntil } from '../dates.ts';
import { PendingDeadline } from './PendingDeadline.tsx';

export function DeadlineCell({
  dueOn,
  text,
  state,
  awaitsCalendarYear = null,
}: {
  dueOn: string | null;
  text: string | null;
  state: LedgerState;
  awaitsCalendarYear?: number | null;
}) {
  if (!dueOn && awaitsCalendarYear != null) return <PendingDeadline year={awaitsCalendarYear} text={text} />;
  if (!dueOn) return <Typography.Text type="secondary">{text ?? '—'}</Typography.Text>;
  const days = daysUntil(dueOn);
  const isClosed = state === 'closed';
  const label = isClosed ? '' : days < 0 ? `逾期${-days}天` : days === 0 ? '今天到期' : `剩${days}天`;
  const type = isClosed ? 'secondary' : days < 0 ? 'danger' : days <= 7 ? 'warning' : undefined;
  return (
    <Tooltip title={text ?? undefined}>
      <span>
        {dueOn}{' '}
        {label && (
          <Typography.Text type={type} strong={days < 0}>
            {label}
          </Typography.Text>
        )}
      </span>
    </Tooltip>
  );
}
