import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Space, Tag, Typography } from 'antd';
import { api, errorText } from '../api';
import { useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { t } from '../i18n';
import { DemoCard } from './DemoCard';
import type { Settings } from '@cchc/contract/console/auth';
import type { OauthStart } from '@cchc/contract/console/auth';

const stateTag = {
  ok: <Tag color="green">Đang kết nối</Tag>,
  needs_reauth: <Tag color="red">Cần cấp quyền lại</Tag>,
  not_configured: <Tag color="orange">Chưa cấu hình</Tag>,
  unknown: <Tag>Không rõ</Tag>,
};

/** What the OAuth callback reports back in the query string (`?oa=connected` or `?oa=error&reason=…`). */
const oauthResult: Record<string, string> = {
  connected: 'Đã kết nối OA qua Zalo: hệ thống đã nhận mã truy cập mới.',
  denied: 'Chưa cấp quyền: quản trị viên OA đã không đồng ý trên trang của Zalo.',
  bad_state: 'Phiên kết nối không hợp lệ, đã dùng hoặc đã quá 10 phút. Hãy kết nối lại.',
  wrong_oa: 'Đã cấp quyền cho OA khác với OA cấu hình trên máy chủ. Hãy chọn đúng OA.',
  rejected: 'Zalo không chấp nhận mã cấp quyền. Hãy kết nối lại.',
  unavailable: 'Chưa liên lạc được với Zalo. Hãy thử lại sau ít phút.',
  not_configured: 'Máy chủ chưa có ZALO_APP_ID và ZALO_APP_SECRET.',
};

export default function SettingsPage() {
  const { message } = App.useApp();
  const { data, error, status, reload } = useApi<Settings>('/settings');
  const [token, setToken] = useState('');
  const query = new URLSearchParams(window.location.search);
  const result = query.get('oa') === 'connected' ? 'connected' : query.get('reason');
  /** The default way to connect: Zalo's OAuth v4 page, then back here (PKCE; the server keeps the verifier). */
  const connect = async () => {
    try {
      const { url } = await api<OauthStart>('/settings/oa/oauth/start', { method: 'POST', body: {} });
      window.location.assign(url);
    } catch (err) {
      message.error(errorText(err));
    }
  };
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
        {result && oauthResult[result] && (
          <Alert
            style={{ marginTop: 16 }}
            type={result === 'connected' ? 'success' : 'error'}
            showIcon
            message={oauthResult[result]}
          />
        )}
        <Space style={{ marginTop: 16 }} wrap>
          <Button type="primary" data-testid="oa-connect" onClick={() => void connect()}>
            Kết nối OA qua Zalo
          </Button>
          <Typography.Text type="secondary">
            Mở trang cấp quyền của Zalo; quản trị viên OA chọn OA và bấm đồng ý, rồi được đưa về trang này.
          </Typography.Text>
        </Space>
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
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
            Cách dự phòng: dán Refresh Token lấy từ Zalo for Developers.
          </Typography.Paragraph>
        )}
        {data.oa.canReauthorise && (
          <Space.Compact style={{ width: '100%', marginTop: 8 }}>
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
