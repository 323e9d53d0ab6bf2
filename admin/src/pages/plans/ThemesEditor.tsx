import { useState } from 'react';
import { Button, Input, Space, Table, Tooltip } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { PlanItem, PlanTheme } from '@cchc/contract/console/plan';

interface Props {
  themes: PlanTheme[];
  items: PlanItem[];
  editable: boolean;
  onChange: (themes: PlanTheme[]) => void;
}

/** A code from a Vietnamese label: "Chuyển đổi số" → "chuyen-doi-so" (the plan file's code rule). */
export function codeOf(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** The plan's themes: rename, add, remove (a theme still used by an item cannot be removed). */
export function ThemesEditor({ themes, items, editable, onChange }: Props) {
  const [label, setLabel] = useState('');
  const used = new Set(items.map((i) => i.theme));
  const add = () => {
    const base = codeOf(label) || 'chu-de';
    let code = base;
    for (let n = 2; themes.some((t) => t.code === code); n++) code = `${base}-${n}`;
    onChange([...themes, { code, label: label.trim() }]);
    setLabel('');
  };
  return (
    <>
      <Table<PlanTheme>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={themes}
        columns={[
          { title: 'Mã', dataIndex: 'code', width: 220 },
          {
            title: 'Tên chủ đề',
            render: (_: unknown, t) =>
              editable ? (
                <Input
                  aria-label={`Tên chủ đề ${t.code}`}
                  value={t.label}
                  onChange={(e) =>
                    onChange(themes.map((x) => (x.code === t.code ? { ...x, label: e.target.value } : x)))
                  }
                />
              ) : (
                t.label
              ),
          },
          {
            title: '',
            width: 60,
            render: (_: unknown, t) =>
              editable && (
                <Tooltip title={used.has(t.code) ? 'Còn mục kế hoạch thuộc chủ đề này' : 'Xóa chủ đề'}>
                  <Button
                    aria-label={`Xóa chủ đề ${t.code}`}
                    icon={<DeleteOutlined />}
                    disabled={used.has(t.code)}
                    onClick={() => onChange(themes.filter((x) => x.code !== t.code))}
                  />
                </Tooltip>
              ),
          },
        ]}
      />
      {editable && (
        <Space style={{ marginTop: 8 }}>
          <Input
            aria-label="Tên chủ đề mới"
            placeholder="Tên chủ đề mới"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            style={{ width: 420 }}
          />
          <Button icon={<PlusOutlined />} disabled={!label.trim()} onClick={add}>
            Thêm chủ đề
          </Button>
        </Space>
      )}
    </>
  );
}
