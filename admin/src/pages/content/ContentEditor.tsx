import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Drawer, Form, Input, Row, Space } from 'antd';
import dayjs from 'dayjs';
import type { ContentInput, ContentItemDetail, ContentVersion } from '@cchc/contract/console/broadcasts';
import { api, errorText } from '../../api';
import type { RunChange } from './status';
import { ZaloPreview } from './ZaloPreview';

/** The form's fields: a version's texts plus the plan link (the year is this year's when an item number is set). */
type EditorValues = Omit<ContentInput, 'planYear'>;

/** The editor drawer: a new item, or a new version of an existing one, with the Zalo preview beside the form. */
export function ContentEditor({
  editing,
  onClose,
  run,
}: {
  editing: number | 'new' | undefined;
  onClose: () => void;
  run: RunChange;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<EditorValues>();
  const [draft, setDraft] = useState<Partial<ContentVersion>>({});

  useEffect(() => {
    if (editing === undefined) return;
    if (editing === 'new') {
      form.resetFields();
      setDraft({});
      return;
    }
    api<ContentItemDetail>(`/broadcasts/items/${editing}`).then(
      (full) => {
        form.setFieldsValue({
          ...full.current,
          themeCode: full.item.themeCode,
          planItemNo: full.item.planItemNo,
        });
        setDraft(full.current);
      },
      (err: unknown) => message.error(errorText(err)),
    );
  }, [editing, form, message]);

  const save = async () => {
    const v = await form.validateFields();
    const body: ContentInput = {
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
    if (ok) onClose();
  };

  return (
    <Drawer
      width={900}
      open={editing !== undefined}
      onClose={onClose}
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
  );
}
