// A working-day deadline whose day waits for a year the official calendar does not cover yet:
// shown as pending with the reason, the text as written kept beside it.
import { Tag, Tooltip } from 'antd';

export function pendingDeadlineHint(year: number): string {
  return `日历未覆盖${year}年，导入该年日历后自动计算`;
}

export function PendingDeadline({ year, text }: { year: number; text: string | null }) {
  return (
    <Tooltip title={pendingDeadlineHint(year)}>
      <span data-pending-year={year}>
        <Tag color="gold">待定（日历未覆盖）</Tag>
        {text}
      </span>
    </Tooltip>
  );
}
