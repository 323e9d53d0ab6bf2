import { useEffect, useState } from 'react';
import { Button, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { formatDateTime, useApi } from '../../hooks';
import { LoadError } from '../../components';
import type { TopicVersions as Versions } from '@cchc/contract/console/faq';
import { versionStatus, type VersionWithChanges } from './faq.types';
import { VersionDiff } from './VersionDiff';

/** Labels for the server's change list (`translations.km.answer`…), shortest useful form. */
const changeLabel: Record<string, string> = {
  title: 'tiêu đề',
  answer: 'trả lời (vi)',
  'translations.km.title': 'tiêu đề (km)',
  'translations.km.answer': 'trả lời (km)',
  'translations.en.title': 'tiêu đề (en)',
  'translations.en.answer': 'trả lời (en)',
  variants: 'cách hỏi (vi)',
  variantsKm: 'cách hỏi (km)',
  variantsEn: 'cách hỏi (en)',
  keywords: 'từ khoá',
  sources: 'nguồn',
  link: 'nút liên kết',
  related: 'liên quan',
  kmReview: 'rà soát Khmer',
};

/**
 * The topic's versions, newest first, with who did what; any two compared side by side; an older one restored as a
 * new draft (it still needs approval like any other change).
 */
export function TopicVersions({
  topicId,
  refreshKey,
  latestVersion,
  canRestore,
  onRestore,
}: {
  topicId: string;
  /** Changes whenever the editor saved, so the list reloads. */
  refreshKey: number;
  latestVersion: number;
  canRestore: boolean;
  onRestore: (number: number) => Promise<void>;
}) {
  const { data, error, status, loading, reload } = useApi<Versions>(
    `/faq/topics/${encodeURIComponent(topicId)}/versions`,
  );
  useEffect(() => {
    if (refreshKey > 0) void reload();
  }, [refreshKey, reload]);
  const items = data?.items ?? [];
  const [pair, setPair] = useState<[number, number]>();
  const newest = items[0]?.number;
  const chosen: [number, number] | undefined =
    pair ?? (newest !== undefined && newest > 1 ? [newest - 1, newest] : undefined);
  const byNumber = new Map(items.map((v) => [v.number, v]));
  const from = chosen && byNumber.get(chosen[0]);
  const to = chosen && byNumber.get(chosen[1]);
  const options = items.map((v) => ({ value: v.number, label: `Phiên bản ${v.number}` }));
  return (
    <div data-testid="faq-versions">
      <LoadError status={status} error={error} />
      <Table<VersionWithChanges>
        rowKey="number"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: 'Phiên bản', dataIndex: 'number', width: 90 },
          {
            title: 'Trạng thái',
            dataIndex: 'status',
            width: 120,
            render: (s: VersionWithChanges['status']) => (
              <Tag color={versionStatus[s].color}>{versionStatus[s].text}</Tag>
            ),
          },
          {
            title: 'Người soạn',
            render: (_: unknown, v) => (
              <>
                <div>{v.createdBy?.displayName ?? 'Nhập từ tệp'}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(v.createdAt)}
                </Typography.Text>
              </>
            ),
          },
          {
            title: 'Duyệt',
            render: (_: unknown, v) =>
              v.publishedBy
                ? `${v.publishedBy.displayName}, ${formatDateTime(v.publishedAt)}`
                : v.rejectReason
                  ? `Bị trả lại: ${v.rejectReason}`
                  : '—',
          },
          {
            title: 'Thay đổi',
            render: (_: unknown, v) => (
              <>
                {v.note && <div>{v.note}</div>}
                {v.changes.map((c) => (
                  <Tag key={c.field}>{changeLabel[c.field] ?? c.field}</Tag>
                ))}
              </>
            ),
          },
          {
            title: '',
            width: 210,
            render: (_: unknown, v) => (
              <Space>
                {v.number > 1 && (
                  <Button size="small" onClick={() => setPair([v.number - 1, v.number])}>
                    So với bản trước
                  </Button>
                )}
                {canRestore && v.number !== latestVersion && (
                  <Popconfirm
                    title={`Khôi phục phiên bản ${v.number}?`}
                    description="Nội dung của phiên bản này thành bản nháp mới (cần duyệt lại)."
                    okText="Khôi phục"
                    cancelText="Huỷ"
                    onConfirm={() => onRestore(v.number)}
                  >
                    <Button size="small">Khôi phục</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {chosen && from && to && (
        <div style={{ marginTop: 16 }}>
          <Space style={{ marginBottom: 8 }}>
            So sánh
            <Select
              aria-label="Phiên bản cũ"
              size="small"
              style={{ width: 140 }}
              value={chosen[0]}
              options={options}
              onChange={(n: number) => setPair([n, chosen[1]])}
            />
            với
            <Select
              aria-label="Phiên bản mới"
              size="small"
              style={{ width: 140 }}
              value={chosen[1]}
              options={options}
              onChange={(n: number) => setPair([chosen[0], n])}
            />
          </Space>
          <VersionDiff
            before={from.content}
            after={to.content}
            beforeLabel={`phiên bản ${from.number}`}
            afterLabel={`phiên bản ${to.number}`}
          />
        </div>
      )}
    </div>
  );
}
