import { useEffect, useState } from 'react';
import { Alert, Button, Input, Select, Space, Table, Tag, message } from 'antd';
import { CheckOutlined, CopyOutlined, DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import { api, errorText } from '../api';
import { useAuth } from '../auth';
import { useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';

interface Item {
  no: number;
  theme: string;
  title: string;
  when: string;
  months: number[];
  kind: string;
  lead: string[];
  cooperating: string[];
}
interface PlanDoc {
  year: number;
  status: 'draft' | 'approved';
  origin: 'file' | 'console';
  editors: string[];
  document: { year: number; themes: { code: string; label: string }[]; items: Item[]; quotas: unknown[]; reportPeriods?: { id: string; label: string; due?: string }[] };
}

const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `Tháng ${i + 1}` }));

/** A year's plan: create it from last year's, edit the items, have someone else approve it, download the YAML. */
export default function PlansPage() {
  const { can } = useAuth();
  const [year, setYear] = useState(new Date().getFullYear() + 1);
  const years = useApi<{ years: { year: number; status: string }[] }>('/plan');
  const doc = useApi<PlanDoc>(`/plan/${year}/document`);
  // useApi keeps the last good data on an error: a year without a plan must not show the previous year's.
  const current = doc.status === 200 ? doc.data : undefined;
  const [items, setItems] = useState<Item[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => setItems(current?.document.items ?? []), [current]);
  const draft = current?.status === 'draft';
  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      void message.success(done);
      await Promise.all([doc.reload(), years.reload()]);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const edit = (no: number, patch: Partial<Item>) => setItems((list) => list.map((i) => (i.no === no ? { ...i, ...patch } : i)));
  const themeLabel = new Map(current?.document.themes.map((t) => [t.code, t.label]));
  const yearOptions = [...new Set([...(years.data?.years.map((y) => y.year) ?? []), new Date().getFullYear(), new Date().getFullYear() + 1])]
    .sort((a, b) => b - a)
    .map((y) => ({ value: y, label: `Năm ${y}` }));
  return (
    <>
      <PageTitle>Kế hoạch tuyên truyền theo năm</PageTitle>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select aria-label="Năm kế hoạch" value={year} onChange={setYear} options={yearOptions} style={{ width: 140 }} />
        {doc.status === 404 && can('plan.edit') && (
          <Button
            type="primary"
            icon={<CopyOutlined />}
            loading={busy}
            onClick={() => void act(() => api(`/plan/${year}/from-previous`, { method: 'POST' }), `Đã tạo dự thảo kế hoạch năm ${year}.`)}
          >
            Tạo kế hoạch năm {year} từ năm {year - 1}
          </Button>
        )}
        {draft && can('plan.edit') && (
          <Button
            icon={<SaveOutlined />}
            loading={busy}
            onClick={() => void act(() => api(`/plan/${year}/document`, { method: 'PUT', body: { document: { ...current!.document, items } } }), 'Đã lưu dự thảo.')}
          >
            Lưu dự thảo
          </Button>
        )}
        {draft && can('plan.approve') && (
          <Button icon={<CheckOutlined />} loading={busy} onClick={() => void act(() => api(`/plan/${year}/approve`, { method: 'POST' }), 'Đã duyệt kế hoạch.')}>
            Duyệt kế hoạch
          </Button>
        )}
        {current && (
          <Button icon={<DownloadOutlined />} href={`/api/console/plan/${year}/export.yaml`}>
            Tải content/plan/{year}.yaml
          </Button>
        )}
        {current && <Tag color={draft ? 'gold' : 'green'}>{draft ? 'Dự thảo' : 'Đã duyệt'}</Tag>}
      </Space>
      {doc.status === 404 ? (
        <Alert type="info" showIcon message={`Chưa có kế hoạch tuyên truyền năm ${year}.`} />
      ) : (
        <LoadError status={doc.status} error={doc.error} />
      )}
      {draft && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message="Người soạn, sửa dự thảo không tự duyệt được: cần một người duyệt khác (nguyên tắc bốn mắt)." />}
      {current?.document.reportPeriods && (
        <div style={{ marginBottom: 8 }}>
          Kỳ báo cáo: {current.document.reportPeriods.map((p) => `${p.label}${p.due ? ` (hạn ${p.due.split('-').reverse().join('/')})` : ''}`).join(' · ')}
        </div>
      )}
      {current && (
        <Table<Item>
          rowKey="no"
          size="small"
          dataSource={items}
          pagination={false}
          columns={[
            { title: 'Mục', dataIndex: 'no', width: 60 },
            { title: 'Chủ đề', dataIndex: 'theme', render: (t: string) => themeLabel.get(t) ?? t, width: 180 },
            {
              title: 'Nội dung',
              render: (_: unknown, i) =>
                draft ? <Input.TextArea aria-label={`Nội dung mục ${i.no}`} autoSize value={i.title} onChange={(e) => edit(i.no, { title: e.target.value })} /> : i.title,
            },
            {
              title: 'Tháng',
              width: 260,
              render: (_: unknown, i) =>
                draft ? (
                  <Select aria-label={`Tháng mục ${i.no}`} mode="multiple" style={{ width: '100%' }} value={i.months} options={MONTHS} onChange={(m: number[]) => edit(i.no, { months: [...m].sort((a, b) => a - b) })} />
                ) : (
                  i.months.join(', ')
                ),
            },
            { title: 'Chủ trì', render: (_: unknown, i) => i.lead.join(', ') || '—', width: 160 },
            { title: 'Phối hợp', render: (_: unknown, i) => i.cooperating.join(', ') || '—', width: 160 },
          ]}
        />
      )}
    </>
  );
}
