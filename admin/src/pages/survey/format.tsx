import { Tag } from 'antd';
import type { ShareEstimate, TargetStatus } from '@cchc/contract/surveys';

/** A share as Vietnamese reports write it: 81,3%. */
export const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${(x * 100).toFixed(1).replace('.', ',')}%`;

/** The 95 % interval of an estimate, or a dash when there is none. */
export const ci = (e: Pick<ShareEstimate, 'interval'>) =>
  e.interval ? `${pct(e.interval.lower)} – ${pct(e.interval.upper)}` : '—';

export const statusTag = (s: TargetStatus) =>
  s === 'met' ? (
    <Tag color="green">Đạt</Tag>
  ) : s === 'not_met' ? (
    <Tag color="red">Chưa đạt</Tag>
  ) : (
    <Tag color="gold">Chưa xác định</Tag>
  );

/** Table columns of an estimate: n, how many understand, the share, its interval and the verdict. */
export const estimateColumns = [
  { title: 'n', dataIndex: 'n', align: 'right' as const },
  { title: 'Số hiểu', dataIndex: 'understands', align: 'right' as const },
  { title: 'Tỷ lệ', render: (_: unknown, e: ShareEstimate) => pct(e.p), align: 'right' as const },
  { title: 'KTC 95%', render: (_: unknown, e: ShareEstimate) => ci(e) },
  { title: 'Đánh giá', render: (_: unknown, e: ShareEstimate) => statusTag(e.status) },
];
