import { Alert, Checkbox, Input, Table } from 'antd';
import type { PlanPeriod, PlanPeriodId } from '@cchc/contract/console/plan';

interface Props {
  periods: PlanPeriod[] | undefined;
  editable: boolean;
  onChange: (periods: PlanPeriod[]) => void;
}

/** KH 196/KH-UBND (mục IV.1): the periods a plan starts from when it states none. */
const KH196: PlanPeriod[] = [
  { id: 'q1', label: 'Quý I', from: '12-15', to: '03-14', fromPreviousYear: true, due: '03-18' },
  { id: 'h1', label: '6 tháng', from: '12-15', to: '06-14', fromPreviousYear: true, due: '06-18' },
  { id: 'q3', label: 'Quý III', from: '06-15', to: '09-14', fromPreviousYear: false, due: '09-18' },
  { id: 'year', label: 'Năm', from: '12-15', to: '12-14', fromPreviousYear: true, due: '12-18' },
];

const ID_LABEL: Record<PlanPeriodId, string> = { q1: 'Quý I', h1: '6 tháng', q3: 'Quý III', year: 'Năm' };

/** "03-14" ↔ "14/03": people write day/month; the plan file keeps MM-DD. */
const toViDay = (mmdd: string | undefined) => (mmdd ? mmdd.split('-').reverse().join('/') : '');
const fromViDay = (text: string): string => {
  const m = /^(\d{1,2})\/(\d{1,2})$/.exec(text.trim());
  return m ? `${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text.trim();
};

/** The official report periods: their first and last day (dd/mm), whether they start the year before, the due day. */
export function PeriodsEditor({ periods, editable, onChange }: Props) {
  const list = periods ?? KH196;
  const set = (id: PlanPeriodId, patch: Partial<PlanPeriod>) =>
    onChange(list.map((p) => (p.id === id ? { ...p, ...patch } : p)));
  const day = (p: PlanPeriod, key: 'from' | 'to' | 'due', what: string) =>
    editable ? (
      <Input
        aria-label={`${what} kỳ ${ID_LABEL[p.id]}`}
        placeholder="dd/mm"
        defaultValue={toViDay(p[key])}
        key={`${p.id}-${key}-${p[key] ?? ''}`}
        onBlur={(e) => set(p.id, { [key]: fromViDay(e.target.value) || undefined })}
        style={{ width: 90 }}
      />
    ) : (
      toViDay(p[key]) || '—'
    );
  return (
    <>
      {!periods && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          message="Kế hoạch chưa ghi kỳ báo cáo: đang dùng các kỳ của KH 196/KH-UBND (chốt số liệu ngày 14, hạn báo cáo ngày 18 tháng cuối kỳ)."
        />
      )}
      <Table<PlanPeriod>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={list}
        columns={[
          { title: 'Kỳ', render: (_: unknown, p) => ID_LABEL[p.id], width: 90 },
          {
            title: 'Tên kỳ',
            render: (_: unknown, p) =>
              editable ? (
                <Input
                  aria-label={`Tên kỳ ${ID_LABEL[p.id]}`}
                  value={p.label}
                  onChange={(e) => set(p.id, { label: e.target.value })}
                />
              ) : (
                p.label
              ),
          },
          { title: 'Từ ngày', render: (_: unknown, p) => day(p, 'from', 'Từ ngày'), width: 110 },
          {
            title: 'Bắt đầu từ năm trước',
            width: 170,
            render: (_: unknown, p) => (
              <Checkbox
                aria-label={`Kỳ ${ID_LABEL[p.id]} bắt đầu từ năm trước`}
                checked={p.fromPreviousYear}
                disabled={!editable}
                onChange={(e) => set(p.id, { fromPreviousYear: e.target.checked })}
              />
            ),
          },
          { title: 'Đến ngày', render: (_: unknown, p) => day(p, 'to', 'Đến ngày'), width: 110 },
          { title: 'Hạn báo cáo', render: (_: unknown, p) => day(p, 'due', 'Hạn báo cáo'), width: 120 },
        ]}
      />
    </>
  );
}
