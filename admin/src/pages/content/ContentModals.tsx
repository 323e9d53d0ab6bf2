import { useEffect, useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { AudiencePreview, PreviewInput, ScheduleInput } from '@cchc/contract/console/broadcasts';
import { api, errorText } from '../../api';
import type { RunChange } from './status';

/** Refusing an item needs a reason the author will read. */
export function RejectModal({
  itemId,
  onClose,
  run,
}: {
  itemId: number | undefined;
  onClose: () => void;
  run: RunChange;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={itemId !== undefined}
      title="Từ chối tin"
      onCancel={onClose}
      okText="Từ chối"
      onOk={async () => {
        const v = await form.validateFields();
        if (
          await run(
            () => api(`/broadcasts/items/${itemId}/reject`, { method: 'POST', body: v }),
            'Đã từ chối.',
          )
        )
          onClose();
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="Lý do" rules={[{ required: true, min: 3, message: 'Cần ghi lý do' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ScheduleValues {
  at: Dayjs;
  areas?: string[];
  topics?: string[];
}

const scheduleBody = (v: ScheduleValues): ScheduleInput => ({
  scheduledAt: v.at.format(),
  segment: {
    ...(v.areas?.length ? { areas: v.areas } : {}),
    ...(v.topics?.length ? { topics: v.topics } : {}),
  },
});

/** Scheduling an approved item: the audience is counted first, and only a counted plan can be scheduled. */
export function ScheduleModal({
  itemId,
  onClose,
  run,
}: {
  itemId: number | undefined;
  onClose: () => void;
  run: RunChange;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ScheduleValues>();
  const [preview, setPreview] = useState<AudiencePreview>();
  useEffect(() => {
    if (itemId === undefined) return;
    setPreview(undefined);
    form.resetFields();
  }, [itemId, form]);

  const count = async () => {
    const v = await form.validateFields();
    try {
      // The item's own send is counted: a themed item reaches only that theme's subscribers (and those with none).
      const body: PreviewInput = { ...scheduleBody(v), itemId };
      setPreview(await api<AudiencePreview>('/broadcasts/preview', { method: 'POST', body }));
    } catch (err) {
      message.error(errorText(err));
    }
  };

  return (
    <Modal
      open={itemId !== undefined}
      title="Lên lịch gửi"
      onCancel={onClose}
      okText="Lên lịch"
      okButtonProps={{ disabled: !preview }}
      onOk={async () => {
        const v = await form.validateFields();
        if (
          await run(
            () => api(`/broadcasts/items/${itemId}/schedule`, { method: 'POST', body: scheduleBody(v) }),
            'Đã lên lịch gửi.',
          )
        )
          onClose();
      }}
    >
      <Form form={form} layout="vertical" onValuesChange={() => setPreview(undefined)}>
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
        <Button onClick={count}>Đếm người nhận</Button>
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
  );
}
