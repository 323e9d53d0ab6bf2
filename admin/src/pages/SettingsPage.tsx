import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Space, Tag, Typography } from 'antd';
import { api, errorText } from '../api';
import { useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { t } from '../i18n';
import { DemoCard } from './DemoCard';

interface Settings {
  oa: {
    status: 'ok' | 'needs_reauth' | 'not_configured' | 'unknown';
    detail: string | null;
    oaId: string | null;
    appId: string | null;
    canReauthorise: boolean;
  };
  reauthorisationSteps: string[];
  session: { idleMinutes: number; maxHours: number; lockoutAttempts: number; lockoutMinutes: number };
}

const stateTag = {
  ok: <Tag color="green">Đang kết nối</Tag>,
  needs_reauth: <Tag color="red">Cần cấp quyền lại</Tag>,
  not_configured: <Tag color="orange">Chưa cấu hình</Tag>,
  unknown: <Tag>Không rõ</Tag>,
};

export default function SettingsPage() {
  const { message } = App.useApp();
  const { data, error, status, reload } = useApi<Settings>('/settings');
  const [token, setToken] = useState('');
  if (error) return <LoadError status={status} error={error} />;
  if (!data) return null;
  const save = async () => {
    try {
      await api('/settings/oa/reauthorise', { method: 'POST', body: { refreshToken: token } });
      setToken('');
      message.success('Đã lưu mã cấp quyền mới.');
      await reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  return (
    <>
      <PageTitle>{t.menu.settings}</PageTitle>
      <Card title="Kết nối Zalo Official Account" style={{ marginBottom: 16 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label="Trạng thái">
            <span data-testid="oa-state">{stateTag[data.oa.status]}</span>
          </Descriptions.Item>
          <Descriptions.Item label="OA ID">{data.oa.oaId ?? t.empty}</Descriptions.Item>
          <Descriptions.Item label="App ID">{data.oa.appId ?? t.empty}</Descriptions.Item>
          {data.oa.detail && <Descriptions.Item label="Ghi chú">{data.oa.detail}</Descriptions.Item>}
        </Descriptions>
        {data.oa.status !== 'ok' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 16 }}
            message="Cách cấp quyền lại cho OA"
            description={
              <ol style={{ margin: 0, paddingLeft: 20 }}>
                {data.reauthorisationSteps.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ol>
            }
          />
        )}
        {data.oa.canReauthorise && (
          <Space.Compact style={{ width: '100%', marginTop: 16 }}>
            <Input.Password
              placeholder="Refresh token mới"
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
            <Button type="primary" disabled={token.length < 20} onClick={() => void save()}>
              Lưu
            </Button>
          </Space.Compact>
        )}
      </Card>
      <Card title="Bảo mật đăng nhập">
        <Typography.Paragraph>
          Phiên đăng nhập hết hạn sau {data.session.idleMinutes} phút không thao tác và tối đa{' '}
          {data.session.maxHours} giờ kể từ khi đăng nhập. Sai mật khẩu {data.session.lockoutAttempts} lần
          liên tiếp thì tài khoản bị tạm khoá {data.session.lockoutMinutes} phút.
        </Typography.Paragraph>
      </Card>
      <DemoCard />
    </>
  );
}
