// Which optional columns the ledger shows; the choice is kept in this browser.
import { Button, Checkbox, Popover, Space } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { optionalColumns, type LedgerColumnKey } from './model.ts';

export function ColumnChooser({
  hidden,
  onChange,
}: {
  hidden: readonly LedgerColumnKey[];
  onChange: (hidden: LedgerColumnKey[]) => void;
}) {
  const content = (
    <Space direction="vertical" size={6} data-testid="column-chooser">
      {optionalColumns.map((column) => (
        <Checkbox
          key={column.key}
          checked={!hidden.includes(column.key)}
          onChange={(event) =>
            onChange(
              event.target.checked ? hidden.filter((key) => key !== column.key) : [...hidden, column.key],
            )
          }
        >
          {column.label}
        </Checkbox>
      ))}
      <Button size="small" type="link" onClick={() => onChange([])} style={{ padding: 0 }}>
        恢复默认
      </Button>
    </Space>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title="显示的列" content={content}>
      <Button icon={<SettingOutlined />}>列设置</Button>
    </Popover>
  );
}
