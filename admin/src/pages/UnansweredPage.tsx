import { useState } from 'react';
import { Table, Tag } from 'antd';
import { formatDateTime, useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { t } from '../i18n';

interface Question {
  id: string;
  text: string;
  count: number;
  lastSeenAt: string;
  suggestions: string[];
  confidence: number;
}

export default function UnansweredPage() {
  const [page, setPage] = useState(1);
  const { data, error, status, loading } = useApi<{ items: Question[]; total: number }>('/unanswered', {
    page,
    pageSize: 20,
  });
  return (
    <>
      <PageTitle>{t.menu.unanswered}</PageTitle>
      <LoadError status={status} error={error} />
      {!error && (
        <Table<Question>
          rowKey="id"
          loading={loading}
          dataSource={data?.items}
          pagination={{
            current: page,
            pageSize: 20,
            total: data?.total,
            onChange: setPage,
            showTotal: (n) => `${n} câu hỏi`,
          }}
          locale={{ emptyText: 'Chưa có câu hỏi nào trợ lý ảo không trả lời được.' }}
          columns={[
            { title: 'Câu hỏi (đã chuẩn hoá, bỏ thông tin cá nhân)', dataIndex: 'text' },
            { title: 'Số lần hỏi', dataIndex: 'count', width: 110 },
            { title: 'Lần gần nhất', dataIndex: 'lastSeenAt', render: formatDateTime, width: 180 },
            {
              title: 'Chủ đề gần nhất',
              dataIndex: 'suggestions',
              render: (s: string[]) => s.map((x) => <Tag key={x}>{x}</Tag>),
            },
          ]}
        />
      )}
    </>
  );
}
