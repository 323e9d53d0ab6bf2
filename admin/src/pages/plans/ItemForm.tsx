import type { ReactNode } from 'react';
import { Checkbox, Drawer, Input, InputNumber, Select, Space } from 'antd';
import { MONTHS, UNIT_KINDS, unitOptions } from './types';
import type { PlanItem, PlanTheme } from '@cchc/contract/console/plan';
import type { Unit } from '@cchc/contract/console/reference';

interface Props {
  item: PlanItem | undefined;
  themes: PlanTheme[];
  units: Unit[];
  onChange: (patch: Partial<PlanItem>) => void;
  onClose: () => void;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ marginBottom: 12 }}>
      <div style={{ fontWeight: 500, marginBottom: 4 }}>{label}</div>
      {children}
    </div>
  );
}

/** Everything about one plan item, in a side panel: changes apply to the draft at once (saved with "Lưu dự thảo"). */
export function ItemForm({ item, themes, units, onChange, onClose }: Props) {
  const named = item ? [...item.lead, ...item.cooperating] : [];
  const options = unitOptions(units, named);
  const search = (input: string, option?: { label: string }) =>
    (option?.label ?? '').toLowerCase().includes(input.toLowerCase());
  return (
    <Drawer open={Boolean(item)} onClose={onClose} width={640} title={item ? `Mục ${item.no}` : ''}>
      {item && (
        <>
          <Field label="Nội dung">
            <Input.TextArea
              aria-label="Nội dung"
              autoSize
              value={item.title}
              onChange={(e) => onChange({ title: e.target.value })}
            />
          </Field>
          <Field label="Chủ đề">
            <Select
              aria-label="Chủ đề"
              showSearch
              optionFilterProp="label"
              style={{ width: '100%' }}
              value={item.theme}
              options={themes.map((t) => ({ value: t.code, label: t.label }))}
              onChange={(theme: string) => onChange({ theme })}
            />
          </Field>
          <Space wrap>
            <Field label="Thời gian (ghi như văn bản)">
              <Input
                aria-label="Thời gian"
                value={item.when}
                onChange={(e) => onChange({ when: e.target.value })}
              />
            </Field>
            <Field label="Loại">
              <Select
                aria-label="Loại"
                style={{ width: 200 }}
                value={item.kind}
                options={[
                  { value: 'media', label: 'Tuyên truyền, đăng tin' },
                  { value: 'event', label: 'Sự kiện, hội nghị, cuộc thi' },
                ]}
                onChange={(kind: PlanItem['kind']) => onChange({ kind })}
              />
            </Field>
            <Field label="Số lượng tối thiểu">
              <InputNumber
                aria-label="Số lượng tối thiểu"
                min={1}
                value={item.minCount ?? null}
                onChange={(v) => onChange({ minCount: v ?? undefined })}
              />
            </Field>
          </Space>
          <Field label="Tháng thực hiện">
            <Select
              aria-label="Tháng thực hiện"
              mode="multiple"
              style={{ width: '100%' }}
              value={item.months}
              options={MONTHS}
              onChange={(m: number[]) => onChange({ months: [...m].sort((a, b) => a - b) })}
            />
            <Checkbox
              checked={item.deadline ?? false}
              onChange={(e) => onChange({ deadline: e.target.checked })}
            >
              Là hạn chót (&quot;chậm nhất tháng…&quot;)
            </Checkbox>
          </Field>
          <Field label="Đơn vị chủ trì">
            <Select
              aria-label="Đơn vị chủ trì"
              mode="multiple"
              style={{ width: '100%' }}
              value={item.lead}
              options={options}
              filterOption={search}
              onChange={(lead: string[]) => onChange({ lead })}
            />
          </Field>
          <Field label="Chủ trì: mỗi đơn vị thuộc loại">
            <Select
              aria-label="Loại đơn vị chủ trì"
              mode="multiple"
              style={{ width: '100%' }}
              value={item.leadAppliesTo ?? []}
              options={UNIT_KINDS}
              onChange={(leadAppliesTo: string[]) => onChange({ leadAppliesTo })}
            />
          </Field>
          <Field label="Đơn vị phối hợp">
            <Select
              aria-label="Đơn vị phối hợp"
              mode="multiple"
              style={{ width: '100%' }}
              value={item.cooperating}
              options={options}
              filterOption={search}
              onChange={(cooperating: string[]) => onChange({ cooperating })}
            />
          </Field>
          <Field label="Phối hợp: mỗi đơn vị thuộc loại">
            <Select
              aria-label="Loại đơn vị phối hợp"
              mode="multiple"
              style={{ width: '100%' }}
              value={item.cooperatingAppliesTo ?? []}
              options={UNIT_KINDS}
              onChange={(cooperatingAppliesTo: string[]) => onChange({ cooperatingAppliesTo })}
            />
          </Field>
          <Field label="Ghi chú phối hợp">
            <Input
              aria-label="Ghi chú phối hợp"
              value={item.cooperatingNote ?? ''}
              onChange={(e) => onChange({ cooperatingNote: e.target.value || undefined })}
            />
          </Field>
        </>
      )}
    </Drawer>
  );
}
