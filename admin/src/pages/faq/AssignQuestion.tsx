import { useEffect, useState } from 'react';
import { Form, Modal, Select, Typography } from 'antd';
import { useApi } from '../../hooks';
import type { TopicList } from './faq.types';

/** Waits this long after the last keystroke before searching topics. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * "Gắn vào chủ đề": picks the topic an unanswered question belongs to (the bot's nearest guesses first); the question
 * then becomes a way of asking in a new draft of that topic.
 */
export function AssignQuestion({
  question,
  suggestions,
  onCancel,
  onAssign,
}: {
  question: string;
  suggestions: string[];
  onCancel: () => void;
  onAssign: (topicId: string) => Promise<boolean>;
}) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [topicId, setTopicId] = useState<string | undefined>(suggestions[0]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  const { data, loading } = useApi<TopicList>('/faq/topics', { q, pageSize: 100 });
  const found = data?.items ?? [];
  const guessed = suggestions.filter((id) => !found.some((t) => t.id === id));
  const options = [
    ...suggestions
      .map((id) => found.find((t) => t.id === id))
      .flatMap((t) => (t ? [{ value: t.id, label: `${t.title} (${t.id}) — gợi ý` }] : [])),
    ...guessed.map((id) => ({ value: id, label: `${id} — gợi ý` })),
    ...found
      .filter((t) => !suggestions.includes(t.id))
      .map((t) => ({ value: t.id, label: `${t.title} (${t.id})` })),
  ];
  return (
    <Modal
      open
      title="Gắn câu hỏi vào chủ đề"
      okText="Gắn vào chủ đề"
      cancelText="Huỷ"
      okButtonProps={{ disabled: !topicId, loading: busy }}
      onCancel={onCancel}
      onOk={async () => {
        if (!topicId) return;
        setBusy(true);
        await onAssign(topicId);
        setBusy(false);
      }}
    >
      <Typography.Paragraph>
        Câu hỏi: <Typography.Text strong>{question}</Typography.Text>
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item
          label="Chủ đề"
          extra="Câu hỏi thành một cách hỏi trong bản nháp mới của chủ đề; trợ lý ảo trả lời sau khi bản nháp được gửi duyệt và xuất bản."
        >
          <Select
            showSearch
            aria-label="Chủ đề"
            value={topicId}
            filterOption={false}
            onSearch={setTyped}
            onChange={(v: string) => setTopicId(v)}
            loading={loading}
            options={options}
            placeholder="Gõ để tìm chủ đề…"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
