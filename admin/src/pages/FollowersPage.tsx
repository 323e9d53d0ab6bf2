import { useState } from 'react';
import { Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { t } from '../i18n';
import type { Follower } from '@cchc/contract/console/people';
import type { FollowerPage, FollowerTags } from '@cchc/contract/console/people';
import type { Areas } from '@cchc/contract/console/reference';

const languages: Record<string, string> = { vi: 'Tiếng Việt', km: 'Tiếng Khmer', en: 'Tiếng Anh' };

export default function FollowersPage() {
  const [q, setQ] = useState('');
  const [areaCode, setAreaCode] = useState<string>();
  const [tag, setTag] = useState<string>();
  const [page, setPage] = useState(1);
  const { data, error, status, loading } = useApi<FollowerPage>('/followers', {
    q,
    areaCode,
    tag,
    page,
    pageSize: 20,
  });
  const areas = useApi<Areas>('/reference/areas');
  const tags = useApi<FollowerTags>('/followers/tags');
  const areaName = new Map(areas.data?.items.map((a) => [a.code, a.name]));
  return (
    <>
      <PageTitle>{t.menu.followers}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="Tìm theo tên"
          allowClear
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
          style={{ width: 240 }}
        />
        <Select
          placeholder="Xã, phường"
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 240 }}
          value={areaCode}
          onChange={(v) => {
            setAreaCode(v);
            setPage(1);
          }}
          options={areas.data?.items.filter((a) => a.inScope).map((a) => ({ value: a.code, label: a.name }))}
        />
        <Select
          placeholder="Nhãn"
          allowClear
          style={{ width: 180 }}
          value={tag}
          onChange={(v) => {
            setTag(v);
            setPage(1);
          }}
          options={tags.data?.items.map((x) => ({ value: x, label: x }))}
        />
      </Space>
      <LoadError status={status} error={error} />
      {!error && (
        <Table<Follower>
          rowKey="id"
          loading={loading}
          dataSource={data?.items}
          pagination={{
            current: page,
            pageSize: 20,
            total: data?.total,
            onChange: setPage,
            showTotal: (n) => `${n} người`,
          }}
          columns={[
            {
              title: 'Tên Zalo',
              dataIndex: 'displayName',
              render: (v: string | null) => v ?? '(chưa rõ tên)',
            },
            {
              title: 'Xã, phường',
              dataIndex: 'areaCode',
              render: (v: string | null, f: Follower) =>
                f.areaName ?? (v ? (areaName.get(v) ?? v) : 'chưa rõ'),
            },
            {
              title: 'Nhãn',
              dataIndex: 'tags',
              render: (v: string[]) => v.map((x) => <Tag key={x}>{x}</Tag>),
            },
            { title: 'Ngôn ngữ', dataIndex: 'language', render: (v: string) => languages[v] ?? v },
            {
              title: 'Điện thoại',
              dataIndex: 'phone',
              render: (v: string | null, f) =>
                v === null ? (
                  t.empty
                ) : f.phoneMasked ? (
                  <Tooltip title="Vai trò của bạn không được xem đầy đủ số điện thoại.">{v}</Tooltip>
                ) : (
                  v
                ),
            },
            {
              title: 'Nhận tin',
              dataIndex: 'optedOut',
              render: (v: boolean) => (v ? <Tag color="red">Đã từ chối</Tag> : <Tag color="green">Có</Tag>),
            },
          ]}
        />
      )}
    </>
  );
}
