import { useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Typography } from 'antd';
import { api, errorText } from '../api';

/**
 * The demo pack through the running server (the `demo:seed` / `demo:clear` scripts cannot open a PGlite directory
 * the server holds). Every demo row is labelled "[Bản trình diễn]"; clearing removes exactly those rows.
 */
export function DemoCard() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (action: 'seed' | 'clear') => {
    setBusy(true);
    try {
      await api(`/demo/${action}`, { method: 'POST' });
      message.success(action === 'seed' ? 'Đã nạp bản trình diễn.' : 'Đã xóa bản trình diễn.');
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Bản trình diễn" style={{ marginTop: 16 }}>
      <Typography.Paragraph>
        Nạp dữ liệu minh họa theo ngày hôm nay (người theo dõi, tin đã gửi, câu trả lời khảo sát, bài dự thi,
        dự thảo kế hoạch năm nay) để xem thử các trang và báo cáo. Mọi dữ liệu minh họa đều ghi “[Bản trình
        diễn]” và được xóa riêng, không ảnh hưởng dữ liệu thật. Không dùng được trong môi trường production.
      </Typography.Paragraph>
      <Space>
        <Button loading={busy} onClick={() => void run('seed')}>
          Nạp bản trình diễn
        </Button>
        <Popconfirm title="Xóa toàn bộ dữ liệu trình diễn?" onConfirm={() => void run('clear')}>
          <Button danger loading={busy}>
            Xóa bản trình diễn
          </Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}
