// The ledger state as a coloured tag, with the overdue and long-term marks beside it.
import { Space, Tag } from 'antd';
import type { LedgerState } from '../api/types.ts';
import { stateColors, stateLabels } from '../labels.ts';

export function StateTag({
  state,
  isOverdue,
  isLongTerm,
}: {
  state: LedgerState;
  isOverdue?: boolean;
  isLongTerm?: boolean;
}) {
  return (
    <Space size={2} wrap>
      <Tag color={stateColors[state]}>{stateLabels[state]}</Tag>
      {isOverdue && <Tag color="error">逾期</Tag>}
      {isLongTerm && <Tag color="purple">长期</Tag>}
    </Space>
  );
}
