import { useState } from 'react';
import { Button, Input, Popconfirm, Space, Table } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { ItemForm } from './ItemForm';
import { UNIT_KINDS } from './types';
import type { PlanItem, PlanTheme } from '@cchc/contract/console/plan';
import type { Unit } from '@cchc/contract/console/reference';

const KIND_LABEL = new Map(UNIT_KINDS.map((k) => [k.value, k.label]));

interface Props {
  items: PlanItem[];
  themes: PlanTheme[];
  units: Unit[];
  editable: boolean;
  onChange: (items: PlanItem[]) => void;
}

/** The plan's items: a list with the title editable in place, the rest in a side panel; add and remove items. */
export function ItemsEditor({ items, themes, units, editable, onChange }: Props) {
  const [open, setOpen] = useState<number>();
  const themeLabel = new Map(themes.map((t) => [t.code, t.label]));
  const unitName = new Map(units.map((u) => [u.code, u.name]));
  const names = (codes: string[], kinds: string[] | undefined) =>
    [
      ...codes.map((c) => unitName.get(c) ?? c),
      ...(kinds ?? []).map((k) => `mỗi ${KIND_LABEL.get(k) ?? k}`),
    ].join('; ') || '—';
  const edit = (no: number, patch: Partial<PlanItem>) =>
    onChange(items.map((i) => (i.no === no ? { ...i, ...patch } : i)));
  const add = () => {
    const no = Math.max(0, ...items.map((i) => i.no)) + 1;
    const theme = themes[0]?.code ?? '';
    onChange([
      ...items,
      {
        no,
        theme,
        title: 'Nội dung mới',
        when: 'Tháng 1',
        months: [1],
        deadline: false,
        kind: 'media',
        lead: [],
        leadAppliesTo: [],
        cooperating: [],
        cooperatingAppliesTo: [],
      },
    ]);
    setOpen(no);
  };
  return (
    <>
      <Table<PlanItem>
        rowKey="no"
        size="small"
        dataSource={items}
        pagination={false}
        columns={[
          { title: 'Mục', dataIndex: 'no', width: 56 },
          { title: 'Chủ đề', width: 180, render: (_: unknown, i) => themeLabel.get(i.theme) ?? i.theme },
          {
            title: 'Nội dung',
            render: (_: unknown, i) =>
              editable ? (
                <Input.TextArea
                  aria-label={`Nội dung mục ${i.no}`}
                  autoSize
                  value={i.title}
                  onChange={(e) => edit(i.no, { title: e.target.value })}
                />
              ) : (
                i.title
              ),
          },
          { title: 'Tháng', width: 110, render: (_: unknown, i) => i.months.join(', ') },
          { title: 'Chủ trì', width: 180, render: (_: unknown, i) => names(i.lead, i.leadAppliesTo) },
          {
            title: 'Phối hợp',
            width: 180,
            render: (_: unknown, i) => names(i.cooperating, i.cooperatingAppliesTo),
          },
          {
            title: '',
            width: 96,
            render: (_: unknown, i) =>
              editable && (
                <Space>
                  <Button
                    aria-label={`Sửa mục ${i.no}`}
                    icon={<EditOutlined />}
                    onClick={() => setOpen(i.no)}
                  />
                  <Popconfirm
                    title={`Xóa mục ${i.no}?`}
                    okText="Xóa"
                    cancelText="Không"
                    onConfirm={() => onChange(items.filter((x) => x.no !== i.no))}
                  >
                    <Button aria-label={`Xóa mục ${i.no}`} icon={<DeleteOutlined />} />
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      {editable && (
        <Button icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={add}>
          Thêm mục
        </Button>
      )}
      <ItemForm
        item={items.find((i) => i.no === open)}
        themes={themes}
        units={units}
        onChange={(patch) => open !== undefined && edit(open, patch)}
        onClose={() => setOpen(undefined)}
      />
    </>
  );
}
