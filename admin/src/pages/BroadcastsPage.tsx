import { useEffect, useState } from 'react';
import { Button, Descriptions, Drawer, Progress, Space, Table, Tag } from 'antd';
import { formatDateTime, useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { statusLabel } from './ContentPage';
import { PromotionPreview } from './PromotionPreview';
import type { AreaStats, BroadcastDetail as Detail, BroadcastRow } from '@cchc/contract/console/broadcasts';
import type { BroadcastList } from '@cchc/contract/console/broadcasts';

function BroadcastDetail({ id }: { id: number }) {
  const { data, error, status, reload } = useApi<Detail>(`/broadcasts/${id}`);
  const running = data && ['scheduled', 'sending'].includes(data.broadcast.status);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void reload(), 5_000); // live progress while sending
    return () => clearInterval(timer);
  }, [running, reload]);
  if (!data) return <LoadError status={status} error={error} />;
  const t = data.stats.totals;
  const done = t.planned ? Math.round(((t.sent + t.failed) / t.planned) * 100) : 0;
  return (
    <>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="Trạng thái">
          <Tag color={statusLabel[data.broadcast.status]?.color}>
            {statusLabel[data.broadcast.status]?.text}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label="Lịch gửi">{formatDateTime(data.broadcast.scheduledAt)}</Descriptions.Item>
        <Descriptions.Item label="Người nhận">{t.planned}</Descriptions.Item>
        <Descriptions.Item label="Bỏ qua (từ chối nhận / vượt hạn mức)">
          {data.broadcast.excludedOptOut ?? 0} / {data.broadcast.excludedQuota ?? 0}
        </Descriptions.Item>
        <Descriptions.Item label="Đã gửi / lỗi">
          {t.sent} / {t.failed}
        </Descriptions.Item>
        <Descriptions.Item label="Đã nhận / đã xem / lượt bấm">
          {t.received} / {t.seen} / {t.clicks}
        </Descriptions.Item>
      </Descriptions>
      <Progress percent={done} style={{ margin: '16px 0' }} />
      {data.message && (
        <div style={{ marginBottom: 16 }}>
          <PromotionPreview message={data.message} />
        </div>
      )}
      {data.stats.failures.length > 0 && (
        <div style={{ marginBottom: 12 }}>
          Lỗi theo lý do:{' '}
          {data.stats.failures.map((f) => (
            <Tag key={f.reason}>
              {f.reason}: {f.count}
            </Tag>
          ))}
        </div>
      )}
      <Space style={{ marginBottom: 12 }}>
        <Button href={`/api/console/broadcasts/${id}/export?format=xlsx`}>Tải Excel</Button>
        <Button href={`/api/console/broadcasts/${id}/export?format=csv`}>Tải CSV</Button>
      </Space>
      <Table<AreaStats>
        rowKey={(r) => r.areaCode ?? '-'}
        size="small"
        pagination={false}
        dataSource={data.stats.byArea}
        columns={[
          { title: 'Địa bàn', render: (_: unknown, r) => r.areaName ?? r.areaCode ?? '(chưa rõ)' },
          { title: 'Người nhận', dataIndex: 'planned' },
          { title: 'Đã gửi', dataIndex: 'sent' },
          { title: 'Lỗi', dataIndex: 'failed' },
          { title: 'Đã nhận', dataIndex: 'received' },
          { title: 'Đã xem', dataIndex: 'seen' },
          { title: 'Lượt bấm', dataIndex: 'clicks' },
        ]}
      />
    </>
  );
}

export default function BroadcastsPage() {
  const { data, error, status, loading } = useApi<BroadcastList>('/broadcasts');
  const initial = Number(new URLSearchParams(window.location.search).get('id')) || undefined;
  const [open, setOpen] = useState<number | undefined>(initial);
  return (
    <>
      <PageTitle>Đợt gửi tin</PageTitle>
      <LoadError status={status} error={error} />
      <Table<BroadcastRow>
        rowKey="id"
        loading={loading}
        dataSource={data?.broadcasts}
        locale={{ emptyText: 'Chưa có đợt gửi nào.' }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: 'Lịch gửi', dataIndex: 'scheduledAt', render: formatDateTime },
          { title: 'Chủ đề', dataIndex: 'themeCode' },
          { title: 'Đơn vị', dataIndex: 'unitCode' },
          { title: 'Người nhận', dataIndex: 'planned', render: (v: number | null) => v ?? '—' },
          {
            title: 'Trạng thái',
            dataIndex: 'status',
            render: (s: string) => <Tag color={statusLabel[s]?.color}>{statusLabel[s]?.text ?? s}</Tag>,
          },
        ]}
      />
      <Drawer
        width={820}
        open={open !== undefined}
        onClose={() => setOpen(undefined)}
        title={`Đợt gửi #${open ?? ''}`}
      >
        {open !== undefined && <BroadcastDetail id={open} />}
      </Drawer>
    </>
  );
}
