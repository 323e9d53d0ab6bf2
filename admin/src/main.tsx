import React from 'react';
import { createRoot } from 'react-dom/client';
import { ConfigProvider, Result } from 'antd';
import viVN from 'antd/locale/vi_VN';

function App() {
  return <Result status="info" title="Bảng điều khiển tuyên truyền CCHC" subTitle="Đang xây dựng." />;
}

createRoot(document.getElementById('root')!).render(
  <React.StrictMode>
    <ConfigProvider locale={viVN}>
      <App />
    </ConfigProvider>
  </React.StrictMode>,
);
