import React from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { AuthProvider, useAuth } from './auth';
import { Layout } from './Layout';
import { pages } from './pages';
import { t } from './i18n';
import LoginPage from './pages/LoginPage';

dayjs.locale('vi');

function Forbidden() {
  return <Result status="403" title="403" subTitle={t.forbidden} data-testid="forbidden" />;
}

/** Routes for signed-in staff: a page the role may not open shows 403 instead of its content. */
function ConsoleRoutes() {
  const { me, can } = useAuth();
  if (me === undefined) return <Spin style={{ margin: 48 }} />;
  if (me === null) return <LoginPage />;
  const home = pages.find((p) => can(p.permission))?.path ?? 'dashboard';
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Navigate to={`/${home}`} replace />} />
        {pages.map((p) => (
          <Route
            key={p.path}
            path={`/${p.path}/*`}
            element={can(p.permission) ? <p.component /> : <Forbidden />}
          />
        ))}
        <Route path="*" element={<Result status="404" title="404" subTitle="Không tìm thấy trang." />} />
      </Route>
    </Routes>
  );
}

createRoot(document.getElementById('root')!).render(
  <React.StrictMode>
    <ConfigProvider locale={viVN} theme={{ token: { colorPrimary: '#c62828' } }}>
      <AntApp>
        <BrowserRouter basename="/admin">
          <AuthProvider>
            <ConsoleRoutes />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </React.StrictMode>,
);
