import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { api, errorText } from '../api';
import { formatDateTime, useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { t } from '../i18n';
import type { HandoffConversation as Conversation, OutboxStatus } from '@cchc/contract/console/people';
import type { HandoffList } from '@cchc/contract/console/people';

/** The reply window as the agent needs it: can I answer, until when, and is it still free. */
function ReplyWindowCell({ c }: { c: Conversation }) {
  if (c.canReply === false) return <Tag color="red">Quá 7 ngày: chờ người dân nhắn lại</Tag>;
  if (c.replyWindowEndsAt === undefined) return <>{t.empty}</>;
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text>Trả lời được đến {formatDateTime(c.replyWindowEndsAt ?? '')}</Typography.Text>
      {c.freeRepliesLeft ? (
        <Typography.Text type="success">
          Còn {c.freeRepliesLeft} tin miễn phí (đến {formatDateTime(c.freeUntil ?? '')})
        </Typography.Text>
      ) : (
        <Typography.Text type="warning">Hết lượt miễn phí: tin trả lời tính phí</Typography.Text>
      )}
    </Space>
  );
}

/** The replies queue: rows whose outcome is unknown after a crash are never resent; an agent checks them. */
function OutboxNotice() {
  const { data } = useApi<OutboxStatus>('/outbox/status');
  if (!data || (data.unknown === 0 && data.failed === 0)) return null;
  const unknown = data.items.filter((i) => i.status === 'unknown');
  return (
    <Alert
      style={{ marginBottom: 16 }}
      type={data.unknown > 0 ? 'warning' : 'info'}
      showIcon
      message={
        `${data.unknown} tin trả lời không rõ đã tới người dân hay chưa (máy chủ dừng giữa lúc gửi; không tự gửi lại), ` +
        `${data.failed} tin gửi không thành công, ${data.pending} tin đang chờ gửi.`
      }
      description={
        unknown.length > 0 && (
          <ul style={{ margin: 0 }}>
            {unknown.slice(0, 10).map((i) => (
              <li key={i.id}>
                {formatDateTime(i.createdAt)} · {i.followerName ?? '(chưa rõ tên)'} · {i.preview}
              </li>
            ))}
          </ul>
        )
      }
    />
  );
}

const statusLabel = {
  waiting: ['Đang chờ', 'orange'],
  assigned: ['Đang xử lý', 'blue'],
  closed: ['Đã đóng', 'default'],
} as const;

export default function HandoffPage() {
  const { message } = App.useApp();
  const [status, setStatus] = useState<string>('');
  const { data, error, status: httpStatus, loading, reload } = useApi<HandoffList>('/handoff', { status });
  const [replyTo, setReplyTo] = useState<Conversation>();
  const [text, setText] = useState('');
  const act = async (c: Conversation, action: 'assign' | 'close') => {
    try {
      await api(`/handoff/${c.id}/${action}`, { method: 'POST' });
      message.success(
        action === 'assign' ? 'Đã nhận xử lý cuộc trò chuyện.' : 'Đã đóng; trợ lý ảo sẽ trả lời tiếp.',
      );
      await reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const sendReply = async () => {
    if (!replyTo) return;
    try {
      await api(`/handoff/${replyTo.id}/reply`, { method: 'POST', body: { text } });
      message.success('Đã gửi trả lời qua Zalo OA.');
      setReplyTo(undefined);
      setText('');
      await reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  return (
    <>
      <PageTitle>{t.menu.handoff}</PageTitle>
      <OutboxNotice />
      <Segmented
        style={{ marginBottom: 16 }}
        value={status}
        onChange={(v) => setStatus(String(v))}
        options={[
          { label: 'Tất cả', value: '' },
          { label: 'Đang chờ', value: 'waiting' },
          { label: 'Đang xử lý', value: 'assigned' },
        ]}
      />
      <LoadError status={httpStatus} error={error} />
      {!error && (
        <Table<Conversation>
          rowKey="id"
          loading={loading}
          dataSource={data?.items}
          locale={{ emptyText: 'Không có cuộc trò chuyện nào đang chờ.' }}
          columns={[
            {
              title: 'Người dân',
              dataIndex: 'followerName',
              render: (v: string | null) => v ?? '(chưa rõ tên)',
            },
            { title: 'Địa bàn', dataIndex: 'areaCode', render: (v: string | null) => v ?? t.empty },
            { title: 'Lý do', dataIndex: 'reason', render: (v: string | null) => v ?? t.empty },
            { title: 'Chờ từ', dataIndex: 'waitingSince', render: formatDateTime },
            { title: 'Hạn trả lời', render: (_, c) => <ReplyWindowCell c={c} /> },
            {
              title: 'Trạng thái',
              dataIndex: 'status',
              render: (s: Conversation['status']) => <Tag color={statusLabel[s][1]}>{statusLabel[s][0]}</Tag>,
            },
            {
              title: 'Thao tác',
              render: (_, c) => (
                <Space>
                  {c.status === 'waiting' && (
                    <Button size="small" onClick={() => void act(c, 'assign')}>
                      Nhận xử lý
                    </Button>
                  )}
                  <Button
                    size="small"
                    type="primary"
                    disabled={c.canReply === false}
                    onClick={() => setReplyTo(c)}
                  >
                    Trả lời
                  </Button>
                  <Button size="small" danger onClick={() => void act(c, 'close')}>
                    Đóng
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={Boolean(replyTo)}
        title={`Trả lời ${replyTo?.followerName ?? ''}`}
        okText="Gửi"
        cancelText="Huỷ"
        onOk={() => void sendReply()}
        onCancel={() => setReplyTo(undefined)}
      >
        <Typography.Paragraph type="secondary">
          Tin nhắn được gửi qua Zalo OA dưới dạng tin tư vấn, được nhận trong 7 ngày kể từ lần cuối người dân
          nhắn.{' '}
          {replyTo?.freeRepliesLeft
            ? `Còn ${replyTo.freeRepliesLeft} tin miễn phí.`
            : 'Đã hết lượt miễn phí (8 tin trong 48 giờ): tin này tính phí.'}
        </Typography.Paragraph>
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Modal>
    </>
  );
}
