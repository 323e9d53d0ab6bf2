import { useState } from 'react';
import { Button, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { formatDateTime, useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { t } from '../i18n';
import type { AuditEntry as Entry } from '@cchc/contract/console/auth';
import type { AuditPage } from '@cchc/contract/console/auth';

/** Vietnamese names of the console's own actions; other modules' actions show by their code. */
export const actionLabels: Record<string, string> = {
  'login.success': 'Đăng nhập',
  'login.failed': 'Đăng nhập sai',
  'login.lockout': 'Khoá tạm do sai mật khẩu',
  logout: 'Đăng xuất',
  'account.create': 'Tạo tài khoản',
  'account.update': 'Sửa tài khoản',
  'account.role_change': 'Đổi vai trò',
  'account.disable': 'Khoá tài khoản',
  'account.enable': 'Mở khoá tài khoản',
  'account.password_reset': 'Đặt lại mật khẩu',
  'settings.change': 'Thay đổi cài đặt',
  'audit.export': 'Xuất nhật ký',
  'csrf.rejected': 'Từ chối yêu cầu giả mạo (CSRF)',
  'access.denied': 'Từ chối truy cập',
  'handoff.assign': 'Nhận xử lý hội thoại',
  'handoff.reply': 'Trả lời người dân',
  'handoff.close': 'Đóng hội thoại',
};

export default function AuditPage() {
  const [action, setAction] = useState<string>();
  const [username, setUsername] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const filter = {
    action,
    username,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
  };
  const { data, error, status, loading } = useApi<AuditPage>('/audit', {
    ...filter,
    page,
    pageSize: 50,
  });
  const exportUrl = () => {
    const url = new URL('/api/console/audit/export.csv', window.location.origin);
    for (const [k, v] of Object.entries(filter)) if (v) url.searchParams.set(k, v);
    return url.toString();
  };
  return (
    <>
      <PageTitle>{t.menu.audit}</PageTitle>
      <Typography.Paragraph type="secondary">
        Nhật ký chỉ được ghi thêm, không sửa, không xoá.
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          placeholder="Hành động"
          allowClear
          style={{ width: 240 }}
          value={action}
          onChange={(v) => {
            setAction(v);
            setPage(1);
          }}
          options={Object.entries(actionLabels).map(([value, label]) => ({ value, label }))}
        />
        <Input.Search
          placeholder="Tài khoản"
          allowClear
          style={{ width: 200 }}
          onSearch={(v) => {
            setUsername(v);
            setPage(1);
          }}
        />
        <DatePicker.RangePicker
          format="DD/MM/YYYY"
          onChange={(v) => {
            setRange(v as [Dayjs | null, Dayjs | null] | null);
            setPage(1);
          }}
        />
        <Button icon={<DownloadOutlined />} href={exportUrl()}>
          Xuất CSV
        </Button>
      </Space>
      <LoadError status={status} error={error} />
      {!error && (
        <Table<Entry>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.items}
          pagination={{
            current: page,
            pageSize: 50,
            total: data?.total,
            onChange: setPage,
            showTotal: (n) => `${n} mục`,
          }}
          columns={[
            { title: 'Thời gian', dataIndex: 'at', render: formatDateTime, width: 170 },
            { title: 'Tài khoản', dataIndex: 'username', render: (v: string | null) => v ?? t.empty },
            { title: 'Hành động', dataIndex: 'action', render: (a: string) => actionLabels[a] ?? a },
            {
              title: 'Đối tượng',
              render: (_, e) =>
                e.targetType ? `${e.targetType}${e.targetId ? `: ${e.targetId}` : ''}` : t.empty,
            },
            { title: 'Đơn vị', dataIndex: 'unitCode', render: (v: string | null) => v ?? t.empty },
            { title: 'IP', dataIndex: 'ip', render: (v: string | null) => v ?? t.empty },
            {
              title: 'Chi tiết',
              dataIndex: 'details',
              render: (d: Entry['details']) =>
                d ? <code style={{ fontSize: 12 }}>{JSON.stringify(d)}</code> : '',
            },
          ]}
        />
      )}
    </>
  );
}
