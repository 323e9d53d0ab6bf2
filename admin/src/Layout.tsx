import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Layout as AntLayout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useAuth } from './auth';
import { pages } from './pages';
import { roleLabel, t } from './i18n';

const { Sider, Header, Content } = AntLayout;

/** The frame around every page: a side menu with only the pages this role may open. */
export function Layout() {
  const { me, can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const selected = location.pathname.split('/')[1] ?? '';
  const items = pages
    .filter((p) => can(p.permission))
    .map((p) => ({ key: p.path, icon: p.icon, label: p.label }));
  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <Sider
        width={232}
        theme="light"
        breakpoint="lg"
        collapsedWidth={0}
        style={{ borderRight: '1px solid #f0f0f0' }}
      >
        <div style={{ padding: '16px 20px', fontWeight: 600, color: '#b71c1c', lineHeight: 1.3 }}>
          {t.appName}
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          items={items}
          onClick={(e) => navigate(`/${e.key}`)}
          data-testid="side-menu"
        />
      </Sider>
      <AntLayout>
        <Header
          style={{
            background: '#fff',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            padding: '0 24px',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space>
            <Typography.Text strong data-testid="current-user">
              {me?.displayName}
            </Typography.Text>
            <Tag color="blue">{roleLabel(me?.role ?? '')}</Tag>
            {me?.unitCode && <Tag>{me.unitName ?? me.unitCode}</Tag>}
            <Button icon={<LogoutOutlined />} onClick={() => void logout().then(() => navigate('/'))}>
              {t.logout}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Content>
      </AntLayout>
    </AntLayout>
  );
}
