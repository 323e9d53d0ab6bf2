import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, errorText } from '../api';
import { formatDateTime, useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { useAuth } from '../auth';

interface ItemRow {
  id: number;
  unitCode: string;
  status: string;
  themeCode: string | null;
  planItemNo: number | null;
  currentVersion: number;
  title: string;
  rejectionReason: string | null;
  updatedAt: string;
}
interface Version {
  title: string;
  textVi: string;
  textKm: string | null;
  textEn: string | null;
  imageUrl: string | null;
  buttonTitle: string | null;
  buttonUrl: string | null;
}
interface Preview {
  matched: number;
  excludedOptOut: number;
  excludedQuota: number;
  viaConsultation: number;
  audience: number;
  warnings: string[];
}

export const statusLabel: Record<string, { text: string; color: string }> = {
  draft: { text: 'Bản nháp', color: 'default' },
  submitted: { text: 'Chờ duyệt', color: 'gold' },
  approved: { text: 'Đã duyệt', color: 'green' },
  rejected: { text: 'Bị từ chối', color: 'red' },
  scheduled: { text: 'Đã lên lịch', color: 'blue' },
  sending: { text: 'Đang gửi', color: 'processing' },
  sent: { text: 'Đã gửi', color: 'success' },
  partly_failed: { text: 'Gửi lỗi một phần', color: 'orange' },
  cancelled: { text: 'Đã huỷ', color: 'default' },
};

/** How the item looks in the Zalo chat: a card with image, title, text and the button. */
export function ZaloPreview({ v }: { v: Partial<Version> }) {
  return (
    <div style={{ background: '#e2e9f1', padding: 16, borderRadius: 8 }} data-testid="zalo-preview">
      <div
        style={{
          background: '#fff',
          borderRadius: 12,
          maxWidth: 320,
          overflow: 'hidden',
          boxShadow: '0 1px 2px #0002',
        }}
      >
        {v.imageUrl && <img src={v.imageUrl} alt="" style={{ width: '100%', display: 'block' }} />}
        <div style={{ padding: 12 }}>
          {v.title && <div style={{ fontWeight: 600, marginBottom: 6 }}>{v.title}</div>}
          <div style={{ whiteSpace: 'pre-wrap', fontSize: 14 }}>{v.textVi || 'Nội dung tin…'}</div>
          <div style={{ fontSize: 12, color: '#888', marginTop: 6 }}>
            {(v.textVi ?? '').length}/2000 ký tự
          </div>
        </div>
        {v.buttonTitle && (
          <div
            style={{
              borderTop: '1px solid #eee',
              padding: 10,
              textAlign: 'center',
              color: '#0068ff',
              fontWeight: 500,
            }}
          >
            {v.buttonTitle}
          </div>
        )}
      </div>
    </div>
  );
}

export default function ContentPage() {
  const { message } = App.useApp();
  const { can } = useAuth();
  const [tab, setTab] = useState('all');
  const query = tab === 'queue' ? { status: 'submitted' } : {};
  const { data, error, status, loading, reload } = useApi<{ items: ItemRow[] }>('/broadcasts/items', query);
  const [editing, setEditing] = useState<number | 'new'>();
  const [scheduling, setScheduling] = useState<number>();
  const [rejecting, setRejecting] = useState<number>();
  const [form] = Form.useForm();
  const [scheduleForm] = Form.useForm();
  const [rejectForm] = Form.useForm();
  const [draft, setDraft] = useState<Partial<Version>>({});
  const [preview, setPreview] = useState<Preview>();

  const run = async (fn: () => Promise<unknown>, ok: string) => {
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
  const open = async (id: number | 'new') => {
    setEditing(id);
    if (id === 'new') {
      form.resetFields();
      setDraft({});
      return;
    }
    const full = await api<{ item: ItemRow; current: Version }>(`/broadcasts/items/${id}`);
    form.setFieldsValue({
      ...full.current,
      themeCode: full.item.themeCode,
      planItemNo: full.item.planItemNo,
    });
    setDraft(full.current);
  };
  const save = async () => {
    const v = await form.validateFields();
    const body = {
      ...v,
      planYear: v.planItemNo ? dayjs().year() : undefined,
      planItemNo: v.planItemNo || undefined,
    };
    const ok = await run(
      () =>
        editing === 'new'
          ? api('/broadcasts/items', { method: 'POST', body })
          : api(`/broadcasts/items/${editing}`, { method: 'PUT', body }),
      'Đã lưu tin (phiên bản mới).',
    );
    if (ok) setEditing(undefined);
  };
  const scheduleBody = (v: { at: Dayjs; areas?: string[]; topics?: string[] }) => ({
    scheduledAt: v.at.format(),
    segment: {
      ...(v.areas?.length ? { areas: v.areas } : {}),
      ...(v.topics?.length ? { topics: v.topics } : {}),
    },
  });
  const previewSchedule = async () => {
    const v = await scheduleForm.validateFields();
    try {
      setPreview(await api<Preview>('/broadcasts/preview', { method: 'POST', body: scheduleBody(v) }));
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const actions = (r: ItemRow) => {
    const act = (path: string, ok: string) => () =>
      run(() => api(`/broadcasts/items/${r.id}/${path}`, { method: 'POST' }), ok);
    return (
      <Space wrap>
        {['draft', 'submitted', 'approved', 'rejected'].includes(r.status) && (
          <Button size="small" onClick={() => open(r.id)}>
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
            <Button size="small" danger onClick={() => setRejecting(r.id)}>
              Từ chối
            </Button>
          </>
        )}
        {r.status === 'approved' && (
          <Button
            size="small"
            type="primary"
            onClick={() => {
              setPreview(undefined);
              scheduleForm.resetFields();
              setScheduling(r.id);
            }}
          >
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
  };

  return (
    <>
      <PageTitle>Thư viện nội dung</PageTitle>
      <LoadError status={status} error={error} />
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
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
      <Table<ItemRow>
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
      <Drawer
        width={900}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing === 'new' ? 'Soạn tin mới' : `Sửa tin #${editing}`}
        extra={
          <Button type="primary" onClick={save}>
            Lưu
          </Button>
        }
      >
        <Row gutter={24}>
          <Col span={14}>
            <Form form={form} layout="vertical" onValuesChange={(_, all) => setDraft(all)}>
              <Form.Item
                name="title"
                label="Tiêu đề"
                rules={[{ required: true, message: 'Cần có tiêu đề' }, { max: 100 }]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="textVi"
                label="Nội dung tiếng Việt"
                rules={[
                  { required: true, message: 'Cần có nội dung tiếng Việt' },
                  { max: 2000, message: 'Tối đa 2000 ký tự' },
                ]}
              >
                <Input.TextArea rows={6} showCount maxLength={2000} />
              </Form.Item>
              <Form.Item name="textKm" label="Tiếng Khmer (không bắt buộc)">
                <Input.TextArea rows={3} />
              </Form.Item>
              <Form.Item name="textEn" label="Tiếng Anh (không bắt buộc)">
                <Input.TextArea rows={3} />
              </Form.Item>
              <Form.Item name="imageUrl" label="Đường dẫn ảnh (JPG, PNG, GIF)">
                <Input placeholder="https://…" />
              </Form.Item>
              <Space>
                <Form.Item name="buttonTitle" label="Nhãn nút">
                  <Input maxLength={30} />
                </Form.Item>
                <Form.Item name="buttonUrl" label="Đường dẫn của nút">
                  <Input placeholder="https://…" />
                </Form.Item>
              </Space>
              <Space>
                <Form.Item name="themeCode" label="Chủ đề kế hoạch">
                  <Input placeholder="vd. de-an-06" />
                </Form.Item>
                <Form.Item
                  name="planItemNo"
                  label="Mục kế hoạch (1–14)"
                  normalize={(v: string) => (v ? Number(v) : undefined)}
                >
                  <Input type="number" />
                </Form.Item>
              </Space>
            </Form>
          </Col>
          <Col span={10}>
            <Card size="small" title="Xem trước trên Zalo">
              <ZaloPreview v={draft} />
            </Card>
          </Col>
        </Row>
      </Drawer>
      <Modal
        open={rejecting !== undefined}
        title="Từ chối tin"
        onCancel={() => setRejecting(undefined)}
        okText="Từ chối"
        onOk={async () => {
          const v = await rejectForm.validateFields();
          if (
            await run(
              () => api(`/broadcasts/items/${rejecting}/reject`, { method: 'POST', body: v }),
              'Đã từ chối.',
            )
          )
            setRejecting(undefined);
        }}
      >
        <Form form={rejectForm} layout="vertical">
          <Form.Item
            name="reason"
            label="Lý do"
            rules={[{ required: true, min: 3, message: 'Cần ghi lý do' }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={scheduling !== undefined}
        title="Lên lịch gửi"
        onCancel={() => setScheduling(undefined)}
        okText="Lên lịch"
        okButtonProps={{ disabled: !preview }}
        onOk={async () => {
          const v = await scheduleForm.validateFields();
          if (
            await run(
              () =>
                api(`/broadcasts/items/${scheduling}/schedule`, { method: 'POST', body: scheduleBody(v) }),
              'Đã lên lịch gửi.',
            )
          )
            setScheduling(undefined);
        }}
      >
        <Form form={scheduleForm} layout="vertical" onValuesChange={() => setPreview(undefined)}>
          <Form.Item
            name="at"
            label="Thời điểm gửi (giờ Việt Nam)"
            rules={[{ required: true, message: 'Chọn thời điểm gửi' }]}
          >
            <DatePicker showTime format="DD/MM/YYYY HH:mm" />
          </Form.Item>
          <Form.Item name="areas" label="Xã/phường (để trống: tất cả)">
            <Select mode="tags" />
          </Form.Item>
          <Form.Item name="topics" label="Người đăng ký chủ đề (để trống: tất cả)">
            <Select mode="tags" />
          </Form.Item>
          <Button onClick={previewSchedule}>Đếm người nhận</Button>
        </Form>
        {preview && (
          <div style={{ marginTop: 12 }} data-testid="audience-preview">
            <div>
              Khớp điều kiện: <b>{preview.matched}</b>; từ chối nhận tin: {preview.excludedOptOut}; hết lượt
              Zalo: {preview.excludedQuota}; gửi dạng tư vấn: {preview.viaConsultation}
            </div>
            <div>
              Sẽ nhận tin: <b>{preview.audience}</b>
            </div>
            {preview.warnings.map((w) => (
              <div key={w} style={{ color: '#d46b08' }}>
                {w}
              </div>
            ))}
          </div>
        )}
      </Modal>
    </>
  );
}
