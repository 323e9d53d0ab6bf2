import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { api, errorText } from '../api';
import SetupForm from './SetupForm';
import { t } from '../i18n';
import type { SetupNeeded } from '@cchc/contract/console/auth';

export default function LoginPage() {
  const { login, expired } = useAuth();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // A fresh install has no administrator: offer the first one's setup instead of a login that cannot succeed.
  const [setupNeeded, setSetupNeeded] = useState(false);
  useEffect(() => {
    api<SetupNeeded>('/setup')
      .then((r) => setSetupNeeded(r.needed))
      .catch(() => setSetupNeeded(false));
  }, []);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await login(values.username, values.password);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f5f5f5',
      }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={4} style={{ textAlign: 'center', color: '#b71c1c' }}>
          {t.appName}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {setupNeeded ? 'Thiết lập lần đầu' : t.login.title}
        </Typography.Paragraph>
        {setupNeeded && <SetupForm onDone={(username, password) => login(username, password)} />}
        {expired && (
          <Alert type="warning" showIcon message={t.login.sessionExpired} style={{ marginBottom: 16 }} />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        {!setupNeeded && (
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item
              name="username"
              label={t.login.username}
              rules={[{ required: true, message: 'Vui lòng nhập tên đăng nhập.' }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              name="password"
              label={t.login.password}
              rules={[{ required: true, message: 'Vui lòng nhập mật khẩu.' }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t.login.submit}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
