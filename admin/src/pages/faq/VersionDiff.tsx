import { diffArrays, diffWordsWithSpace, type ArrayChange, type Change } from 'diff';
import { Empty, Typography } from 'antd';
import type { TopicContent } from './faq.types';

/** Every field an editor can change, flattened to text or a list of lines, with its label. */
const fields: { label: string; get: (c: TopicContent) => string | string[] }[] = [
  { label: 'Tiêu đề', get: (c) => c.title },
  { label: 'Câu trả lời (tiếng Việt)', get: (c) => c.answer },
  { label: 'Tiêu đề tiếng Khmer', get: (c) => c.translations.km?.title ?? '' },
  { label: 'Câu trả lời tiếng Khmer', get: (c) => c.translations.km?.answer ?? '' },
  { label: 'Tiêu đề tiếng Anh', get: (c) => c.translations.en?.title ?? '' },
  { label: 'Câu trả lời tiếng Anh', get: (c) => c.translations.en?.answer ?? '' },
  { label: 'Cách hỏi (tiếng Việt)', get: (c) => c.variants },
  { label: 'Cách hỏi (tiếng Khmer)', get: (c) => c.variantsKm },
  { label: 'Cách hỏi (tiếng Anh)', get: (c) => c.variantsEn },
  { label: 'Từ khoá', get: (c) => c.keywords },
  { label: 'Nguồn', get: (c) => c.sources.map((s) => (s.url ? `${s.label} — ${s.url}` : s.label)) },
  { label: 'Nút liên kết', get: (c) => (c.link ? `${c.link.label} — ${c.link.url}` : '') },
  { label: 'Chủ đề liên quan', get: (c) => c.related },
  { label: 'Rà soát tiếng Khmer', get: (c) => c.kmReview ?? '' },
];

const added = { background: '#d9f7be', color: '#135200' };
const removed = { background: '#ffccc7', color: '#820014', textDecoration: 'line-through' };

function TextDiff({ before, after }: { before: string; after: string }) {
  const parts: Change[] = diffWordsWithSpace(before, after);
  return (
    <div style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}>
      {parts.map((p, i) => (
        <span key={i} style={p.added ? added : p.removed ? removed : undefined}>
          {p.value}
        </span>
      ))}
    </div>
  );
}

function ListDiff({ before, after }: { before: string[]; after: string[] }) {
  const parts: ArrayChange<string>[] = diffArrays(before, after);
  return (
    <ul style={{ margin: 0, paddingLeft: 18, fontSize: 13 }}>
      {parts.flatMap((p, i) =>
        p.value.map((v, j) => (
          <li key={`${i}-${j}`} style={p.added ? added : p.removed ? removed : undefined}>
            {p.added ? '+ ' : p.removed ? '− ' : ''}
            {v}
          </li>
        )),
      )}
    </ul>
  );
}

/** The differences between two versions, field by field: insertions green, deletions struck out in red. */
export function VersionDiff({
  before,
  after,
  beforeLabel,
  afterLabel,
}: {
  before: TopicContent;
  after: TopicContent;
  beforeLabel: string;
  afterLabel: string;
}) {
  const changed = fields
    .map((f) => ({ label: f.label, before: f.get(before), after: f.get(after) }))
    .filter((f) => JSON.stringify(f.before) !== JSON.stringify(f.after));
  return (
    <div data-testid="version-diff">
      <Typography.Paragraph type="secondary">
        So sánh {beforeLabel} → {afterLabel}: <span style={removed}>đã xoá</span>{' '}
        <span style={added}>đã thêm</span>
      </Typography.Paragraph>
      {changed.length === 0 && <Empty description="Hai phiên bản giống nhau." />}
      {changed.map((f) => (
        <div key={f.label} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{f.label}</Typography.Text>
          {Array.isArray(f.before) && Array.isArray(f.after) ? (
            <ListDiff before={f.before} after={f.after} />
          ) : (
            <TextDiff before={String(f.before)} after={String(f.after)} />
          )}
        </div>
      ))}
    </div>
  );
}
