import { useState } from 'react';
import { App, Button, Space, Table, Tabs, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ContentItemRow, ContentItems } from '@cchc/contract/console/broadcasts';
import { api, errorText } from '../api';
import { formatDateTime, useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { useAuth } from '../auth';
import { ContentEditor } from './content/ContentEditor';
import { RejectModal, ScheduleModal } from './content/ContentModals';
import { statusLabel, type RunChange } from './content/status';
import { ZaloPreview } from './content/ZaloPreview';

export { statusLabel, ZaloPreview };

/** The content library: every item with its state, the approval queue, and the actions each state allows. */
export default function ContentPage() {
  const { message } = App.useApp();
  const [tab, setTab] = useState('all');
  const query = tab === 'queue' ? { status: 'submitted' } : {};
  const { data, error, status, loading, reload } = useApi<ContentItems>('/broadcasts/items', query);
  const [editing, setEditing] = useState<number | 'new'>();
  const [scheduling, setScheduling] = useState<number>();
  const [rejecting, setRejecting] = useState<number>();

  const run: RunChange = async (fn, ok) => {
    try {
      await fn();
      message.success(ok);
      await reload();
      return true;
    } catch (err) {
      message.error(errorText(err));
      return false;
    }
  };
  const actions = (r: ContentItemRow) => (
    <ItemActions
      item={r}
      run={run}
      onEdit={() => setEditing(r.id)}
      onReject={() => setRejecting(r.id)}
      onSchedule={() => setScheduling(r.id)}
    />
  );

  return (
    <>
      <PageTitle>Thư viện nội dung</PageTitle>
      <LoadError status={status} error={error} />
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          Soạn tin
        </Button>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'all', label: 'Tất cả' },
          { key: 'queue', label: 'Chờ duyệt' },
        ]}
      />
      <Table<ContentItemRow>
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        locale={{ emptyText: 'Chưa có tin nào.' }}
        columns={[
          { title: 'Tiêu đề', dataIndex: 'title' },
          { title: 'Đơn vị', dataIndex: 'unitCode', width: 150 },
          {
            title: 'Chủ đề',
            dataIndex: 'themeCode',
            width: 160,
            render: (c: string | null, r) =>
              c ? `${c}${r.planItemNo ? ` (mục ${r.planItemNo})` : ''}` : '—',
          },
          {
            title: 'Trạng thái',
            dataIndex: 'status',
            width: 150,
            render: (s: string, r) => (
              <>
                <Tag color={statusLabel[s]?.color}>{statusLabel[s]?.text ?? s}</Tag>
                {r.rejectionReason && <div style={{ fontSize: 12 }}>{r.rejectionReason}</div>}
              </>
            ),
          },
          { title: 'Cập nhật', dataIndex: 'updatedAt', width: 170, render: formatDateTime },
          { title: '', key: 'actions', render: (_: unknown, r) => actions(r) },
        ]}
      />
      <ContentEditor editing={editing} onClose={() => setEditing(undefined)} run={run} />
      <RejectModal itemId={rejecting} onClose={() => setRejecting(undefined)} run={run} />
      <ScheduleModal itemId={scheduling} onClose={() => setScheduling(undefined)} run={run} />
    </>
  );
}

/** The buttons an item's state allows: edit, submit, approve/reject (approvers), schedule, cancel. */
function ItemActions({
  item: r,
  run,
  onEdit,
  onReject,
  onSchedule,
}: {
  item: ContentItemRow;
  run: RunChange;
  onEdit: () => void;
  onReject: () => void;
  onSchedule: () => void;
}) {
  const { can } = useAuth();
  const act = (path: string, ok: string) => () =>
    run(() => api(`/broadcasts/items/${r.id}/${path}`, { method: 'POST' }), ok);
  return (
    <Space wrap>
      {['draft', 'submitted', 'approved', 'rejected'].includes(r.status) && (
        <Button size="small" onClick={onEdit}>
          Sửa
        </Button>
      )}
      {['draft', 'rejected'].includes(r.status) && (
        <Button size="small" onClick={act('submit', 'Đã gửi duyệt.')}>
          Gửi duyệt
        </Button>
      )}
      {r.status === 'submitted' && can('broadcast.approve') && (
        <>
          <Button size="small" type="primary" onClick={act('approve', 'Đã duyệt.')}>
            Duyệt
          </Button>
          <Button size="small" danger onClick={onReject}>
            Từ chối
          </Button>
        </>
      )}
      {r.status === 'approved' && (
        <Button size="small" type="primary" onClick={onSchedule}>
          Lên lịch gửi
        </Button>
      )}
      {['scheduled', 'sending'].includes(r.status) && (
        <Button size="small" danger onClick={act('cancel', 'Đã huỷ.')}>
          Huỷ
        </Button>
      )}
    </Space>
  );
}
