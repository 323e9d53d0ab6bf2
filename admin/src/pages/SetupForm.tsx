import { useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { KeyOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { api, errorText } from '../api';
import type { SetupRequest } from '@cchc/contract/console/auth';

/** The form: the request plus the password typed twice. */
type SetupValues = SetupRequest & { confirm: string };

/** The first administrator's account, created with the one-time code the server printed in its start-up log. */
export default function SetupForm({
  onDone,
}: {
  onDone: (username: string, password: string) => Promise<void>;
}) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async ({ confirm: _confirm, ...values }: SetupValues) => {
    setBusy(true);
    setError(undefined);
    try {
      await api('/setup', { method: 'POST', body: values });
      await onDone(values.username, values.password);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Typography.Paragraph data-testid="setup-intro">
        Hệ thống chưa có tài khoản quản trị. Nhập <b>mã thiết lập</b> in trong nhật ký khởi động của máy chủ
        (dòng có
        <code> setupCode</code>) để tạo tài khoản quản trị đầu tiên. Mã chỉ dùng được một lần.
      </Typography.Paragraph>
      {error && (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="setup-error" />
      )}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="code"
          label="Mã thiết lập"
          rules={[{ required: true, message: 'Vui lòng nhập mã thiết lập.' }]}
        >
          <Input prefix={<KeyOutlined />} placeholder="XXXX-XXXX" autoFocus autoComplete="one-time-code" />
        </Form.Item>
        <Form.Item
          name="username"
          label="Tên đăng nhập"
          rules={[{ required: true, message: 'Vui lòng nhập tên đăng nhập.' }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label="Họ tên"
          rules={[{ required: true, message: 'Vui lòng nhập họ tên.' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="password"
          label="Mật khẩu"
          rules={[{ required: true, message: 'Vui lòng nhập mật khẩu.' }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="Nhập lại mật khẩu"
          dependencies={['password']}
          rules={[
            { required: true, message: 'Vui lòng nhập lại mật khẩu.' },
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                value === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error('Hai lần nhập mật khẩu không khớp.')),
            }),
          ]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          Tạo tài khoản quản trị
        </Button>
      </Form>
    </>
  );
}
