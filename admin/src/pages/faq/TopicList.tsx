import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Checkbox, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DislikeOutlined, LikeOutlined, PlusOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth';
import { formatDateTime, useApi } from '../../hooks';
import { LoadError, PageTitle } from '../../components';
import { formatDay, languages, versionStatus, type TopicList as List, type TopicSummary } from './faq.types';

const PAGE_SIZE = 50;

/**
 * The knowledge base's topics: search, filters kept in the address (the dashboard links to `?reviewDue=1`), overdue
 * reviews first and in red, and what citizens said about each answer.
 */
export default function TopicList() {
  const navigate = useNavigate();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const filter = {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    lang: params.get('lang') ?? '',
    reviewDue: params.get('reviewDue') === '1',
    page: Number(params.get('page')) || 1,
  };
  const set = (changes: Record<string, string | number | boolean | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: undefined, ...changes })) {
      if (v === undefined || v === '' || v === false) next.delete(k);
      else next.set(k, v === true ? '1' : String(v));
    }
    setParams(next, { replace: true });
  };
  const [langFilter, langValue] = filter.lang.startsWith('-')
    ? ['missingLang', filter.lang.slice(1)]
    : ['lang', filter.lang];
  const { data, error, status, loading } = useApi<List>('/faq/topics', {
    q: filter.q,
    status: filter.status,
    [langFilter]: langValue,
    reviewDue: filter.reviewDue ? 1 : undefined,
    page: filter.page,
    pageSize: PAGE_SIZE,
  });
  return (
    <>
      <PageTitle>Hỏi đáp</PageTitle>
      <LoadError status={status} error={error} />
      {data && data.overdue > 0 && !filter.reviewDue && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`${data.overdue} chủ đề đã quá hạn rà soát.`}
          action={
            <Button size="small" onClick={() => set({ reviewDue: true })}>
              Xem các chủ đề này
            </Button>
          }
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          aria-label="Tìm chủ đề"
          placeholder="Tìm theo tiêu đề, cách hỏi, từ khoá, mã…"
          defaultValue={filter.q}
          onSearch={(q) => set({ q })}
          style={{ width: 340 }}
        />
        <Select
          aria-label="Trạng thái"
          value={filter.status}
          onChange={(s: string) => set({ status: s })}
          style={{ width: 170 }}
          options={[
            { value: '', label: 'Mọi trạng thái' },
            { value: 'draft', label: 'Bản nháp' },
            { value: 'submitted', label: 'Chờ duyệt' },
            { value: 'published', label: 'Đang dùng' },
          ]}
        />
        <Select
          aria-label="Ngôn ngữ"
          value={filter.lang}
          onChange={(l: string) => set({ lang: l })}
          style={{ width: 190 }}
          options={[
            { value: '', label: 'Mọi ngôn ngữ' },
            { value: 'km', label: 'Có tiếng Khmer' },
            { value: '-km', label: 'Chưa có tiếng Khmer' },
            { value: 'en', label: 'Có tiếng Anh' },
            { value: '-en', label: 'Chưa có tiếng Anh' },
          ]}
        />
        <Checkbox checked={filter.reviewDue} onChange={(e) => set({ reviewDue: e.target.checked })}>
          Chỉ chủ đề quá hạn rà soát
        </Checkbox>
        {can('faq.edit') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/faq/new')}>
            Chủ đề mới
          </Button>
        )}
      </Space>
      <Table<TopicSummary>
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        data-testid="faq-topics"
        locale={{ emptyText: 'Không có chủ đề nào khớp.' }}
        onRow={(t) => ({
          onClick: () => navigate(`/faq/${encodeURIComponent(t.id)}`),
          style: { cursor: 'pointer' },
        })}
        rowClassName={(t) => (t.reviewOverdue ? 'faq-overdue' : '')}
        pagination={{
          current: filter.page,
          pageSize: PAGE_SIZE,
          total: data?.total,
          showSizeChanger: false,
          onChange: (page) => set({ page }),
          showTotal: (n) => `${n} chủ đề`,
        }}
        columns={[
          {
            title: 'Chủ đề',
            render: (_: unknown, t) => (
              <>
                <div>{t.title}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t.id}
                </Typography.Text>
              </>
            ),
          },
          {
            title: 'Trạng thái',
            width: 190,
            render: (_: unknown, t) => (
              <>
                <Tag color={versionStatus[t.latestStatus].color}>{versionStatus[t.latestStatus].text}</Tag>
                <div style={{ fontSize: 12, color: '#888' }}>
                  {t.publishedVersion ? `Đang trả lời: phiên bản ${t.publishedVersion}` : 'Chưa xuất bản'}
                </div>
              </>
            ),
          },
          {
            title: 'Ngôn ngữ',
            width: 150,
            render: (_: unknown, t) =>
              languages.map((l) => (
                <Tag
                  key={l}
                  color={t.languages.includes(l) ? 'blue' : undefined}
                  style={{ opacity: t.languages.includes(l) ? 1 : 0.4 }}
                >
                  {l}
                </Tag>
              )),
          },
          {
            title: 'Rà soát trước',
            width: 140,
            render: (_: unknown, t) =>
              t.reviewOverdue ? (
                <Typography.Text type="danger" strong>
                  {formatDay(t.reviewBy)} (quá hạn)
                </Typography.Text>
              ) : (
                formatDay(t.reviewBy)
              ),
          },
          {
            title: 'Góp ý',
            width: 110,
            render: (_: unknown, t) => (
              <Space size={10}>
                <span title="Hữu ích">
                  <LikeOutlined /> {t.feedback.helpful}
                </span>
                <span title="Chưa đúng" style={{ color: t.feedback.notHelpful ? '#cf1322' : undefined }}>
                  <DislikeOutlined /> {t.feedback.notHelpful}
                </span>
              </Space>
            ),
          },
          {
            title: 'Cập nhật',
            width: 180,
            render: (_: unknown, t) => (
              <>
                <div>{formatDateTime(t.updatedAt)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t.updatedBy?.displayName ?? 'Nhập từ tệp'}
                </Typography.Text>
              </>
            ),
          },
        ]}
      />
      <style>{'.faq-overdue > td { background: #fff1f0 !important; }'}</style>
    </>
  );
}
