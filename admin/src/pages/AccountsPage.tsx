import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, errorText } from '../api';
import { formatDateTime, useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { roleLabel, t } from '../i18n';
import type { Account } from '@cchc/contract/console/auth';
import type { Accounts } from '@cchc/contract/console/auth';
import type { Units } from '@cchc/contract/console/reference';

const roleOptions = Object.entries(t.roles).map(([value, label]) => ({ value, label }));

export default function AccountsPage() {
  const { message } = App.useApp();
  const { data, error, status, loading, reload } = useApi<Accounts>('/accounts');
  const units = useApi<Units>('/reference/units');
  const unitName = new Map(units.data?.items.map((u) => [u.code, u.name]));
  const [editing, setEditing] = useState<Account | 'new'>();
  const [form] = Form.useForm();

  const open = (a: Account | 'new') => {
    setEditing(a);
    form.setFieldsValue(
      a === 'new'
        ? { username: '', displayName: '', role: 'editor', unitCode: undefined, password: '' }
        : { ...a, password: '' },
    );
  };
  const save = async () => {
    const v = await form.validateFields();
    try {
      if (editing === 'new') {
        await api('/accounts', { method: 'POST', body: { ...v, unitCode: v.unitCode ?? null } });
        message.success('Đã tạo tài khoản.');
      } else if (editing) {
        const body: Record<string, unknown> = {
          displayName: v.displayName,
          role: v.role,
          unitCode: v.unitCode ?? null,
        };
        if (v.password) body.password = v.password;
        await api(`/accounts/${editing.id}`, { method: 'PATCH', body });
        message.success('Đã lưu thay đổi.');
      }
      setEditing(undefined);
      await reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const toggle = async (a: Account, active: boolean) => {
    try {
      await api(`/accounts/${a.id}`, { method: 'PATCH', body: { active } });
      await reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  return (
    <>
      <PageTitle>{t.menu.accounts}</PageTitle>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} onClick={() => open('new')}>
        Thêm tài khoản
      </Button>
      <LoadError status={status} error={error} />
      {!error && (
        <Table<Account>
          rowKey="id"
          loading={loading}
          dataSource={data?.items}
          columns={[
            { title: 'Tên đăng nhập', dataIndex: 'username' },
            { title: 'Họ tên', dataIndex: 'displayName' },
            {
              title: 'Vai trò',
              dataIndex: 'role',
              render: (r: string) => <Tag color="blue">{roleLabel(r)}</Tag>,
            },
            {
              title: 'Đơn vị',
              dataIndex: 'unitCode',
              render: (u: string | null) => (u ? (unitName.get(u) ?? u) : t.empty),
            },
            {
              title: 'Tạm khoá đến',
              dataIndex: 'lockedUntil',
              render: (v: string | null) => (v && new Date(v) > new Date() ? formatDateTime(v) : t.empty),
            },
            {
              title: 'Hoạt động',
              dataIndex: 'active',
              render: (v: boolean, a) => <Switch checked={v} onChange={(c) => void toggle(a, c)} />,
            },
            {
              title: '',
              render: (_, a) => (
                <Button size="small" onClick={() => open(a)}>
                  Sửa
                </Button>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={Boolean(editing)}
        title={editing === 'new' ? 'Thêm tài khoản' : 'Sửa tài khoản'}
        okText="Lưu"
        cancelText="Huỷ"
        onOk={() => void save()}
        onCancel={() => setEditing(undefined)}
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="username"
            label="Tên đăng nhập"
            rules={[{ required: true, message: 'Cần nhập tên đăng nhập.' }]}
          >
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item
            name="displayName"
            label="Họ tên"
            rules={[{ required: true, message: 'Cần nhập họ tên.' }]}
          >
            <Input />
          </Form.Item>
          <Space style={{ display: 'flex' }} align="start">
            <Form.Item name="role" label="Vai trò" rules={[{ required: true }]} style={{ minWidth: 200 }}>
              <Select options={roleOptions} />
            </Form.Item>
            <Form.Item name="unitCode" label="Đơn vị" style={{ minWidth: 260 }}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={units.data?.items.map((u) => ({ value: u.code, label: u.name }))}
              />
            </Form.Item>
          </Space>
          <Form.Item
            name="password"
            label={editing === 'new' ? 'Mật khẩu' : 'Mật khẩu mới (để trống nếu không đổi)'}
            rules={[
              { required: editing === 'new', message: 'Cần nhập mật khẩu.' },
              { min: 10, message: 'Mật khẩu cần ít nhất 10 ký tự.' },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
