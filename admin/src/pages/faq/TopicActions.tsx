import { useState } from 'react';
import { Button, Form, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, SendOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth';
import { formatDay, versionStatus, type TopicDetail } from './faq.types';

type Act = (path: string, body: Record<string, unknown>, ok: string) => Promise<boolean>;

/** The topic's state at a glance: latest version, what the bot answers with, review date, citizens' feedback. */
export function TopicStatus({ detail }: { detail: TopicDetail }) {
  const { topic, latest } = detail;
  return (
    <Space wrap data-testid="topic-status">
      <Tag color={versionStatus[latest.status].color}>
        Phiên bản {latest.number}: {versionStatus[latest.status].text}
      </Tag>
      <Tag color={topic.publishedVersion ? 'green' : 'default'}>
        {topic.publishedVersion
          ? `Trợ lý ảo đang trả lời bằng phiên bản ${topic.publishedVersion}`
          : 'Chưa xuất bản'}
      </Tag>
      <Tag color={topic.reviewOverdue ? 'red' : 'default'}>
        Rà soát trước {formatDay(topic.reviewBy)}
        {topic.reviewOverdue ? ' (quá hạn)' : ''}
      </Tag>
      <Tag>
        Góp ý: {topic.feedback.helpful} hữu ích · {topic.feedback.notHelpful} chưa đúng
      </Tag>
    </Space>
  );
}

/**
 * The four-eyes workflow: the editor submits the saved draft; an approver who neither wrote nor submitted it publishes
 * or sends it back (the server refuses the author anyway, the buttons only say so first); anyone with the right marks
 * the topic reviewed.
 */
export function TopicActions({ detail, dirty, act }: { detail: TopicDetail; dirty: boolean; act: Act }) {
  const { me, can } = useAuth();
  const [rejecting, setRejecting] = useState(false);
  const [rejectForm] = Form.useForm<{ reason: string }>();
  const { latest } = detail;
  const version = latest.number;
  const ownWork = Boolean(me && (latest.createdBy?.id === me.id || latest.submittedBy?.id === me.id));
  const fourEyes = ownWork ? 'Bạn không thể tự duyệt phiên bản do mình soạn hoặc gửi duyệt.' : undefined;
  return (
    <Space wrap>
      {can('faq.edit') && latest.status === 'draft' && (
        <Tooltip title={dirty ? 'Hãy lưu thay đổi trước khi gửi duyệt.' : undefined}>
          <Button
            icon={<SendOutlined />}
            disabled={dirty}
            onClick={() => act('submit', { version }, `Đã gửi duyệt phiên bản ${version}.`)}
          >
            Gửi duyệt
          </Button>
        </Tooltip>
      )}
      {can('faq.publish') && latest.status === 'submitted' && (
        <>
          <Tooltip title={fourEyes}>
            <Button
              type="primary"
              disabled={ownWork}
              onClick={() => act('publish', { version }, `Đã xuất bản phiên bản ${version}.`)}
            >
              Duyệt và xuất bản
            </Button>
          </Tooltip>
          <Tooltip title={fourEyes}>
            <Button danger disabled={ownWork} onClick={() => setRejecting(true)}>
              Trả lại
            </Button>
          </Tooltip>
          {fourEyes && (
            <Typography.Text type="secondary" data-testid="four-eyes">
              {fourEyes} Cần một người duyệt khác.
            </Typography.Text>
          )}
        </>
      )}
      {can('faq.review') && (
        <Tooltip title="Xác nhận nội dung vẫn đúng; hạn rà soát tiếp theo sau 6 tháng.">
          <Button icon={<CheckCircleOutlined />} onClick={() => act('review', {}, 'Đã ghi nhận rà soát.')}>
            Đã rà soát
          </Button>
        </Tooltip>
      )}
      <Modal
        open={rejecting}
        title={`Trả lại phiên bản ${version}`}
        okText="Trả lại"
        cancelText="Huỷ"
        onCancel={() => setRejecting(false)}
        onOk={async () => {
          const { reason } = await rejectForm.validateFields();
          if (await act('reject', { version, reason }, 'Đã trả lại cho người soạn.')) {
            setRejecting(false);
            rejectForm.resetFields();
          }
        }}
      >
        <Form form={rejectForm} layout="vertical">
          <Form.Item
            name="reason"
            label="Lý do"
            rules={[{ required: true, whitespace: true, message: 'Cần ghi lý do.' }, { max: 500 }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
