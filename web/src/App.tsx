// The app shell: sign-in gate, the side menu per role, and the routes. Pages with charts load
// on demand, so the ledger does not wait for ECharts.
import { lazy, Suspense } from 'react';
import { Button, Input, Layout, Menu, Space, Spin, Typography } from 'antd';
import {
  AlertOutlined,
  BarChartOutlined,
  ClusterOutlined,
  FileSearchOutlined,
  FundOutlined,
  SettingOutlined,
  HomeOutlined,
  LogoutOutlined,
  MessageOutlined,
  SearchOutlined,
  SlidersOutlined,
  TableOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from './auth.tsx';
import { NotificationBell } from './components/NotificationBell.tsx';
import { roleLabels } from './labels.ts';
import { HomePage } from './pages/HomePage.tsx';
import { LedgerPage } from './pages/LedgerPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';

const DashboardPage = lazy(() =>
  import('./pages/DashboardPage.tsx').then((module) => ({ default: module.DashboardPage })),
);
const FiguresPage = lazy(() =>
  import('./pages/FiguresPage.tsx').then((module) => ({ default: module.FiguresPage })),
);
const ProblemPage = lazy(() =>
  import('./pages/ProblemPage.tsx').then((module) => ({ default: module.ProblemPage })),
);
const InspectionsPage = lazy(() =>
  import('./pages/InspectionsPage.tsx').then((module) => ({ default: module.InspectionsPage })),
);
const ImportWizardPage = lazy(() =>
  import('./pages/ImportWizardPage.tsx').then((module) => ({ default: module.ImportWizardPage })),
);
const RegistersPage = lazy(() =>
  import('./pages/RegistersPage.tsx').then((module) => ({ default: module.RegistersPage })),
);
const NoticesPage = lazy(() =>
  import('./pages/NoticesPage.tsx').then((module) => ({ default: module.NoticesPage })),
);
const SupervisionSettingsPage = lazy(() =>
  import('./pages/SupervisionSettingsPage.tsx').then((module) => ({
    default: module.SupervisionSettingsPage,
  })),
);
const NotificationSettingsPage = lazy(() =>
  import('./pages/NotificationSettingsPage.tsx').then((module) => ({
    default: module.NotificationSettingsPage,
  })),
);
const LookbacksPage = lazy(() =>
  import('./pages/LookbacksPage.tsx').then((module) => ({ default: module.LookbacksPage })),
);
const FeedbackPage = lazy(() =>
  import('./pages/FeedbackPage.tsx').then((module) => ({ default: module.FeedbackPage })),
);
const QualityWeightsPage = lazy(() =>
  import('./pages/QualityWeightsPage.tsx').then((module) => ({ default: module.QualityWeightsPage })),
);
const SearchPage = lazy(() =>
  import('./pages/SearchPage.tsx').then((module) => ({ default: module.SearchPage })),
);
const SimilarProblemsPage = lazy(() =>
  import('./pages/SimilarProblemsPage.tsx').then((module) => ({ default: module.SimilarProblemsPage })),
);
const AdminUsersPage = lazy(() =>
  import('./pages/AdminUsersPage.tsx').then((module) => ({ default: module.AdminUsersPage })),
);

function PageLoading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin tip="加载中…">
        <div style={{ width: 120 }} />
      </Spin>
    </div>
  );
}

/** The header's search box: Enter opens the full-text search page with the query. */
function HeaderSearch() {
  const navigate = useNavigate();
  return (
    <Input.Search
      className="header-search"
      aria-label="全文检索"
      placeholder="全文检索问题、表现、措施、意见"
      maxLength={50}
      allowClear
      style={{ width: 300 }}
      onSearch={(text) => {
        const query = text.trim();
        if (query) navigate(`/search?q=${encodeURIComponent(query)}`);
      }}
    />
  );
}

function Shell() {
  const { user, logout } = useAuth();
  const location = useLocation();
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const items = [
    { key: '/', icon: <HomeOutlined />, label: <Link to="/">首页</Link> },
    ...(user.role === 'admin'
      ? [{ key: '/admin/users', icon: <TeamOutlined />, label: <Link to="/admin/users">账号管理</Link> }]
      : [{ key: '/ledger', icon: <TableOutlined />, label: <Link to="/ledger">整改台账</Link> }]),
    ...(user.role === 'office' || user.role === 'unit_office'
      ? [
          {
            key: '/inspections',
            icon: <FileSearchOutlined />,
            label: <Link to="/inspections">巡察管理</Link>,
          },
          { key: '/feedback', icon: <MessageOutlined />, label: <Link to="/feedback">公众意见</Link> },
        ]
      : []),
    ...(user.role === 'office' || user.role === 'observer'
      ? [
          { key: '/dashboard', icon: <BarChartOutlined />, label: <Link to="/dashboard">整改总览</Link> },
          { key: '/figures', icon: <FundOutlined />, label: <Link to="/figures">整改统计</Link> },
        ]
      : []),
    ...(user.role !== 'admin'
      ? [{ key: '/notices', icon: <AlertOutlined />, label: <Link to="/notices">督办单</Link> }]
      : []),
    ...(user.role === 'office' || user.role === 'observer'
      ? [
          {
            key: '/supervision/settings',
            icon: <SettingOutlined />,
            label: <Link to="/supervision/settings">督办设置</Link>,
          },
        ]
      : []),
    ...(user.role === 'office'
      ? [
          {
            key: '/quality/weights',
            icon: <SlidersOutlined />,
            label: <Link to="/quality/weights">质量评价权重</Link>,
          },
        ]
      : []),
    ...(user.role === 'admin'
      ? []
      : [{ key: '/search', icon: <SearchOutlined />, label: <Link to="/search">全文检索</Link> }]),
    ...(user.role === 'office' || user.role === 'observer'
      ? [
          {
            key: '/similar-problems',
            icon: <ClusterOutlined />,
            label: <Link to="/similar-problems">举一反三</Link>,
          },
        ]
      : []),
  ];
  const selected = items
    .map((item) => item.key)
    .filter((key) => key !== '/' && location.pathname.startsWith(key));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light">
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>巡察整改台账</div>
        <Menu mode="inline" selectedKeys={selected.length > 0 ? selected : ['/']} items={items} />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }}
        >
          <Space>
            <NotificationBell />
            <Link to="/settings/notifications">通知设置</Link>
            {user.role !== 'admin' && <HeaderSearch />}
            <Typography.Text>
              {user.displayName} · {roleLabels[user.role]}
            </Typography.Text>
            <Button icon={<LogoutOutlined />} onClick={() => void logout()}>
              退出
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<PageLoading />}>
            <Routes>
              <Route path="/" element={<HomePage />} />
              <Route path="/ledger" element={<LedgerPage />} />
              <Route path="/dashboard" element={<DashboardPage />} />
              <Route path="/figures" element={<FiguresPage />} />
              <Route path="/inspections" element={<InspectionsPage />} />
              <Route path="/inspections/:id/import" element={<ImportWizardPage />} />
              <Route path="/inspections/:id/registers" element={<RegistersPage />} />
              <Route path="/inspections/:id/lookbacks" element={<LookbacksPage />} />
              <Route path="/problems/:id" element={<ProblemPage />} />
              <Route path="/notices" element={user.role === 'admin' ? <NotFoundPage /> : <NoticesPage />} />
              <Route
                path="/supervision/settings"
                element={
                  user.role === 'office' || user.role === 'observer' ? (
                    <SupervisionSettingsPage />
                  ) : (
                    <NotFoundPage />
                  )
                }
              />
              <Route path="/settings/notifications" element={<NotificationSettingsPage />} />
              <Route path="/search" element={<SearchPage />} />
              <Route path="/similar-problems" element={<SimilarProblemsPage />} />
              <Route
                path="/feedback"
                element={
                  user.role === 'office' || user.role === 'unit_office' ? <FeedbackPage /> : <NotFoundPage />
                }
              />
              <Route
                path="/quality/weights"
                element={user.role === 'office' ? <QualityWeightsPage /> : <NotFoundPage />}
              />
              <Route
                path="/admin/users"
                element={user.role === 'admin' ? <AdminUsersPage /> : <NotFoundPage />}
              />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function App() {
  const { isLoading, user } = useAuth();
  if (isLoading) {
    return (
      <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
        <Spin size="large" tip="加载中…">
          <div style={{ width: 120 }} />
        </Spin>
      </div>
    );
  }
  return (
    <Routes>
      <Route path="/login" element={user ? <Navigate to="/" replace /> : <LoginPage />} />
      <Route path="/*" element={<Shell />} />
    </Routes>
  );
}
