// The card header of the pages that work on one inspection (look-backs, registers, import):
// the page's name over a grey line saying which inspection, and the way back to its ledger.
import type { ReactNode } from 'react';
import { Space, Typography } from 'antd';
import { Link } from 'react-router-dom';

export function InspectionPageTitle({ section, children }: { section: string; children: ReactNode }) {
  return (
    <Space direction="vertical" size={0}>
      <span>{section}</span>
      <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
        {children}
      </Typography.Text>
    </Space>
  );
}

export function InspectionPageLinks({ inspectionId }: { inspectionId: number | string }) {
  return (
    <Space>
      <Link to={`/ledger?inspectionId=${inspectionId}`}>查看台账</Link>
      <Link to="/inspections">返回巡察管理</Link>
    </Space>
  );
}
