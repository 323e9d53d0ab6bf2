import { Button, Form, Input, Select, Space, Tabs, Tag, Tooltip, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useApi } from '../../hooks';
import { inLanguage, languageLabel, type Lang, type TopicList } from './faq.types';
import { answerField, placeholdersIn, toContent, type TopicFormValues } from './topicForm';

const { TextArea } = Input;

/** One language's title, answer and ways of asking. */
function LanguageFields({ lang }: { lang: Lang }) {
  const suffix = lang === 'vi' ? '' : lang === 'km' ? 'Km' : 'En';
  const name = inLanguage[lang];
  const required = lang === 'vi';
  return (
    <>
      <Form.Item
        name={`title${suffix}`}
        label={`Tiêu đề ${name}`}
        rules={required ? [{ required: true, message: 'Cần có tiêu đề.' }] : []}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name={lang === 'vi' ? 'answer' : `answer${suffix}`}
        label={`Câu trả lời ${name}`}
        tooltip="Tối đa 1.000 ký tự sau khi điền thông tin địa phương; các bước đánh số 1. 2. …; không HTML."
        rules={required ? [{ required: true, message: 'Cần có câu trả lời tiếng Việt.' }] : []}
      >
        <TextArea autoSize={{ minRows: 6, maxRows: 16 }} showCount />
      </Form.Item>
      <Form.Item
        name={`variants${suffix}`}
        label={`Cách hỏi ${name} (mỗi dòng một câu)`}
        extra="Những cách người dân hay hỏi: có dấu, không dấu, viết tắt… Trợ lý ảo học từ các câu này."
      >
        <TextArea autoSize={{ minRows: 4, maxRows: 12 }} />
      </Form.Item>
      {lang === 'km' && (
        <Form.Item name="kmReview" label="Rà soát bản tiếng Khmer">
          <Select
            options={[
              { value: 'none', label: 'Không áp dụng' },
              { value: 'needed', label: 'Chờ người bản ngữ rà soát' },
              { value: 'done', label: 'Đã rà soát' },
            ]}
          />
        </Form.Item>
      )}
    </>
  );
}

/** The {{local.KEY}} details the texts use, with today's values; an unknown key is flagged before the server refuses it. */
function LocalDetails({
  form,
  lang,
  values,
}: {
  form: FormInstance<TopicFormValues>;
  lang: Lang;
  values: Record<string, string>;
}) {
  const all = Form.useWatch([], form) as Partial<TopicFormValues> | undefined;
  const used = placeholdersIn(toContent(all ?? {}));
  const known = (key: string) => values[key] ?? values[key.replace(/^local\./, '')];
  const keys = Object.keys(values).map((k) => (k.includes('.') ? k : `local.${k}`));
  const insert = (key: string) => {
    const field = answerField[lang];
    const current = String(form.getFieldValue(field) ?? '');
    form.setFieldValue(field, `${current}${current && !current.endsWith(' ') ? ' ' : ''}{{${key}}}`);
  };
  return (
    <Form.Item label="Thông tin địa phương (điền tự động khi gửi)">
      <div data-testid="local-keys" style={{ marginBottom: 8 }}>
        {used.length === 0 && (
          <Typography.Text type="secondary">Câu trả lời chưa dùng mục nào.</Typography.Text>
        )}
        {used.map((k) => (
          <Tooltip key={k} title={known(k) ?? 'Không có mục này trong content/local.yaml'}>
            <Tag color={known(k) ? 'blue' : 'red'}>{`{{${k}}}`}</Tag>
          </Tooltip>
        ))}
      </div>
      <Select<string>
        showSearch
        value={null}
        placeholder={`Chèn vào câu trả lời ${inLanguage[lang]}…`}
        style={{ maxWidth: 420, width: '100%' }}
        options={keys.map((k) => ({ value: k, label: `${k} — ${known(k) ?? ''}` }))}
        onChange={insert}
      />
    </Form.Item>
  );
}

/** The editor's fields; the form instance and the save flow belong to TopicEditor. */
export function TopicForm({
  form,
  isNew,
  lang,
  onLangChange,
  localValues,
  topicId,
}: {
  form: FormInstance<TopicFormValues>;
  isNew: boolean;
  lang: Lang;
  onLangChange: (lang: Lang) => void;
  localValues: Record<string, string>;
  topicId?: string;
}) {
  const topics = useApi<TopicList>('/faq/topics', { pageSize: 100 });
  const relatedOptions = (topics.data?.items ?? [])
    .filter((t) => t.id !== topicId)
    .map((t) => ({ value: t.id, label: `${t.title} (${t.id})` }));
  return (
    <>
      {isNew && (
        <Form.Item
          name="id"
          label="Mã chủ đề"
          extra="Chữ thường không dấu, số và dấu gạch ngang, ví dụ: ly-lich-tu-phap-vneid."
          rules={[
            { required: true, message: 'Cần có mã chủ đề.' },
            { pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, message: 'Mã chỉ gồm chữ thường, số và dấu gạch ngang.' },
          ]}
        >
          <Input />
        </Form.Item>
      )}
      <Tabs
        activeKey={lang}
        onChange={(k) => onLangChange(k as Lang)}
        items={(['vi', 'km', 'en'] as const).map((l) => ({
          key: l,
          label: languageLabel[l],
          forceRender: true, // every language's fields stay registered, so saving never drops a hidden tab
          children: <LanguageFields lang={l} />,
        }))}
      />
      <Form.Item name="keywords" label="Từ khoá" extra="Gõ rồi nhấn Enter.">
        <Select mode="tags" open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item label="Nguồn (bắt buộc: văn bản theo số hiệu hoặc cổng chính thức)" required>
        <Form.List name="sources">
          {(items, { add, remove }, { errors }) => (
            <>
              {items.map((item, i) => (
                <div key={item.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                  <Form.Item name={[item.name, 'label']} style={{ flex: 3, marginBottom: 8 }}>
                    <Input aria-label={`Nguồn ${i + 1}`} placeholder="Ví dụ: Nghị định số 69/2024/NĐ-CP" />
                  </Form.Item>
                  <Form.Item name={[item.name, 'url']} style={{ flex: 2, marginBottom: 8 }}>
                    <Input aria-label={`Đường dẫn nguồn ${i + 1}`} placeholder="https://… (không bắt buộc)" />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={`Xoá nguồn ${i + 1}`}
                    onClick={() => remove(item.name)}
                  />
                </div>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ label: '' })}>
                Thêm nguồn
              </Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
      </Form.Item>
      <Space align="start" wrap>
        <Form.Item name="linkLabel" label="Nút liên kết: nhãn" style={{ width: 300 }}>
          <Input placeholder="Ví dụ: Cổng Dịch vụ công quốc gia" />
        </Form.Item>
        <Form.Item name="linkUrl" label="Nút liên kết: đường dẫn" style={{ width: 340 }}>
          <Input placeholder="https://…" />
        </Form.Item>
      </Space>
      <Form.Item name="related" label="Chủ đề liên quan">
        <Select mode="multiple" options={relatedOptions} optionFilterProp="label" loading={topics.loading} />
      </Form.Item>
      <LocalDetails form={form} lang={lang} values={localValues} />
      <Form.Item name="note" label="Ghi chú thay đổi (cho người duyệt)">
        <Input placeholder="Ví dụ: cập nhật theo Nghị định số 118/2025/NĐ-CP" />
      </Form.Item>
    </>
  );
}
