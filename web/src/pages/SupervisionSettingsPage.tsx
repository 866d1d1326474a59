// 督办设置 (the inspection office): the office's supervision policy and its notification robots.
// Observers read the policy; only office staff change it and manage robots.
import { Space } from 'antd';
import { useAuth } from '../auth.tsx';
import { PolicyCard } from '../components/supervision/PolicyCard.tsx';
import { RobotsCard } from '../components/supervision/RobotsCard.tsx';

export function SupervisionSettingsPage() {
  const { user } = useAuth();
  const isOffice = user?.role === 'office';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PolicyCard canEdit={isOffice} />
      {isOffice && <RobotsCard />}
    </Space>
  );
}
