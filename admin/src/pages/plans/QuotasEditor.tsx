import { Button, Input, InputNumber, Select, Table } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { unitOptions } from './types';
import type { PlanQuota } from '@cchc/contract/console/plan';
import type { Unit } from '@cchc/contract/console/reference';

interface Props {
  quotas: PlanQuota[];
  units: Unit[];
  editable: boolean;
  onChange: (quotas: PlanQuota[]) => void;
}

const PER = [
  { value: 'month', label: 'mỗi tháng' },
  { value: 'quarter', label: 'mỗi quý' },
  { value: 'year', label: 'mỗi năm' },
];
const CHANNELS = [
  { value: 'zalo-oa', label: 'Zalo OA' },
  { value: 'portal', label: 'Cổng/Trang thông tin điện tử' },
  { value: 'performance', label: 'Buổi biểu diễn, tuyên truyền lưu động' },
];

/** Posting minimums per unit and channel ("ít nhất 1 tin mỗi quý trên trang thông tin điện tử"). */
export function QuotasEditor({ quotas, units, editable, onChange }: Props) {
  const options = unitOptions(
    units,
    quotas.map((q) => q.unit),
  );
  const channels = [
    ...CHANNELS,
    ...[...new Set(quotas.map((q) => q.channel))]
      .filter((c) => !CHANNELS.some((x) => x.value === c))
      .map((c) => ({ value: c, label: c })),
  ];
  const set = (id: string, patch: Partial<PlanQuota>) =>
    onChange(quotas.map((q) => (q.id === id ? { ...q, ...patch } : q)));
  const add = () => {
    let id = 'chi-tieu-moi';
    for (let n = 2; quotas.some((q) => q.id === id); n++) id = `chi-tieu-moi-${n}`;
    const unit = units[0]?.code ?? '';
    onChange([
      ...quotas,
      {
        id,
        unit,
        per: 'quarter',
        min: 1,
        channel: 'zalo-oa',
        what: 'Tin bài tuyên truyền CCHC',
        source: 'Kế hoạch năm',
      },
    ]);
  };
  const cell = (text: string, edit: ReactNode) => (editable ? edit : text);
  return (
    <>
      <Table<PlanQuota>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={quotas}
        columns={[
          {
            title: 'Đơn vị',
            width: 240,
            render: (_: unknown, q) =>
              cell(
                options.find((o) => o.value === q.unit)?.label ?? q.unit,
                <Select
                  aria-label={`Đơn vị chỉ tiêu ${q.id}`}
                  showSearch
                  optionFilterProp="label"
                  style={{ width: '100%' }}
                  value={q.unit}
                  options={options}
                  onChange={(unit: string) => set(q.id, { unit })}
                />,
              ),
          },
          {
            title: 'Tối thiểu',
            width: 90,
            render: (_: unknown, q) =>
              cell(
                String(q.min),
                <InputNumber
                  aria-label={`Số tối thiểu ${q.id}`}
                  min={1}
                  value={q.min}
                  onChange={(v) => v && set(q.id, { min: v })}
                />,
              ),
          },
          {
            title: 'Mỗi',
            width: 120,
            render: (_: unknown, q) =>
              cell(
                PER.find((p) => p.value === q.per)?.label ?? q.per,
                <Select
                  aria-label={`Chu kỳ ${q.id}`}
                  value={q.per}
                  options={PER}
                  onChange={(per: PlanQuota['per']) => set(q.id, { per })}
                />,
              ),
          },
          {
            title: 'Kênh',
            width: 200,
            render: (_: unknown, q) =>
              cell(
                channels.find((c) => c.value === q.channel)?.label ?? q.channel,
                <Select
                  aria-label={`Kênh ${q.id}`}
                  style={{ width: '100%' }}
                  value={q.channel}
                  options={channels}
                  onChange={(channel: string) => set(q.id, { channel })}
                />,
              ),
          },
          {
            title: 'Nội dung',
            render: (_: unknown, q) =>
              cell(
                q.what,
                <Input
                  aria-label={`Nội dung chỉ tiêu ${q.id}`}
                  value={q.what}
                  onChange={(e) => set(q.id, { what: e.target.value })}
                />,
              ),
          },
          {
            title: 'Căn cứ',
            width: 200,
            render: (_: unknown, q) =>
              cell(
                q.source,
                <Input
                  aria-label={`Căn cứ chỉ tiêu ${q.id}`}
                  value={q.source}
                  onChange={(e) => set(q.id, { source: e.target.value })}
                />,
              ),
          },
          {
            title: '',
            width: 56,
            render: (_: unknown, q) =>
              editable && (
                <Button
                  aria-label={`Xóa chỉ tiêu ${q.id}`}
                  icon={<DeleteOutlined />}
                  onClick={() => onChange(quotas.filter((x) => x.id !== q.id))}
                />
              ),
          },
        ]}
      />
      {editable && (
        <Button icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={add}>
          Thêm chỉ tiêu
        </Button>
      )}
    </>
  );
}
