import { useState } from 'react';
import { Button, Space, message } from 'antd';
import { CheckOutlined, CopyOutlined, DownloadOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { api, errorText } from '../../api';
import { useAuth } from '../../auth';
import type { PlanDocument, PlanRow } from '@cchc/contract/console/plan';

interface Props {
  year: number;
  row: PlanRow | undefined;
  /** The year has no plan yet (404). */
  missing: boolean;
  draft: PlanDocument | undefined;
  dirty: boolean;
  onDone: () => Promise<void>;
}

/** The plan's life: create from last year's → save → submit → approve (someone else) → download the YAML. */
export function PlanActions({ year, row, missing, draft, dirty, onDone }: Props) {
  const { can, me } = useAuth();
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      void message.success(done);
      await onDone();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const post = (path: string) => () => api(`/plan/${year}/${path}`, { method: 'POST' });
  const open = row !== undefined && row.status !== 'approved';
  const mine = row !== undefined && Boolean(me) && row.editors.includes(me?.id ?? '');
  return (
    <Space wrap>
      {missing && can('plan.edit') && (
        <Button
          type="primary"
          icon={<CopyOutlined />}
          loading={busy}
          onClick={() => void act(post('from-previous'), `Đã tạo dự thảo kế hoạch năm ${year}.`)}
        >
          Tạo kế hoạch năm {year} từ năm {year - 1}
        </Button>
      )}
      {open && can('plan.edit') && (
        <Button
          icon={<SaveOutlined />}
          type={dirty ? 'primary' : 'default'}
          loading={busy}
          disabled={!dirty || !draft}
          onClick={() =>
            void act(
              () => api(`/plan/${year}/document`, { method: 'PUT', body: { document: draft } }),
              'Đã lưu dự thảo.',
            )
          }
        >
          Lưu dự thảo
        </Button>
      )}
      {row?.status === 'draft' && can('plan.edit') && (
        <Button
          icon={<SendOutlined />}
          loading={busy}
          disabled={dirty}
          onClick={() => void act(post('submit'), 'Đã trình duyệt kế hoạch.')}
        >
          Trình duyệt
        </Button>
      )}
      {row?.status === 'submitted' && can('plan.approve') && (
        <Button
          type="primary"
          icon={<CheckOutlined />}
          loading={busy}
          disabled={mine}
          title={mine ? 'Bạn đã soạn hoặc sửa kế hoạch này nên không tự duyệt được.' : undefined}
          onClick={() => void act(post('approve'), 'Đã duyệt kế hoạch.')}
        >
          Duyệt kế hoạch
        </Button>
      )}
      {row && (
        <Button icon={<DownloadOutlined />} href={`/api/console/plan/${year}/export.yaml`}>
          Tải content/plan/{year}.yaml
        </Button>
      )}
    </Space>
  );
}
