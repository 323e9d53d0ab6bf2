import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Popconfirm, Segmented, Space, Table, Tag } from 'antd';
import { api, errorText } from '../api';
import { useAuth } from '../auth';
import { formatDateTime, useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { t } from '../i18n';
import { AssignQuestion } from './faq/AssignQuestion';
import type { AssignResult } from '@cchc/contract/console/faq';
import type {
  UnansweredPage as Questions,
  UnansweredQuestion as Question,
  UnansweredStatus as QuestionStatus,
} from '@cchc/contract/console/people';

const statusTag: Record<QuestionStatus, { text: string; color: string }> = {
  open: { text: 'Chưa xử lý', color: 'gold' },
  assigned: { text: 'Đã gắn chủ đề', color: 'green' },
  out_of_scope: { text: 'Ngoài phạm vi', color: 'default' },
};

/**
 * What the bot could not answer (and answers citizens called "Chưa đúng"), most asked first; staff who edit the
 * knowledge base teach the bot from here: attach to a topic, start a new topic, or mark out of scope.
 */
export default function UnansweredPage() {
  const { message } = App.useApp();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<QuestionStatus | 'all'>('open');
  const list = useApi<Questions>('/unanswered', { page, pageSize: 20, status });
  const [assigning, setAssigning] = useState<Question>();
  const teach = can('faq.edit');

  const assign = async (q: Question, body: Record<string, unknown>, ok: (r: AssignResult) => string) => {
    try {
      const r = await api<AssignResult>(`/faq/unanswered/${q.id}/assign`, { method: 'POST', body });
      message.success(ok(r), 6);
      await list.reload();
      return true;
    } catch (err) {
      message.error(errorText(err));
      return false;
    }
  };

  const actions = (q: Question) => {
    if (q.status && q.status !== 'open')
      return (
        <>
          <Tag color={statusTag[q.status].color}>{statusTag[q.status].text}</Tag>
          {q.resolvedTopicId && (
            <Link to={`/faq/${encodeURIComponent(q.resolvedTopicId)}`}>{q.resolvedTopicId}</Link>
          )}
        </>
      );
    if (!teach) return null;
    const fresh = new URLSearchParams({ fromUnanswered: q.id, question: q.text });
    return (
      <Space wrap>
        <Button size="small" type="primary" onClick={() => setAssigning(q)}>
          Gắn vào chủ đề
        </Button>
        <Button size="small" onClick={() => navigate(`/faq/new?${fresh.toString()}`)}>
          Tạo chủ đề mới
        </Button>
        <Popconfirm
          title="Đánh dấu ngoài phạm vi?"
          description="Trợ lý ảo sẽ lịch sự từ chối câu hỏi này ngay (không cần duyệt)."
          okText="Đồng ý"
          cancelText="Huỷ"
          onConfirm={() => assign(q, { outOfScope: true }, () => 'Đã đánh dấu ngoài phạm vi.')}
        >
          <Button size="small" danger>
            Ngoài phạm vi
          </Button>
        </Popconfirm>
      </Space>
    );
  };

  return (
    <>
      <PageTitle>{t.menu.unanswered}</PageTitle>
      <LoadError status={list.status} error={list.error} />
      <Segmented<QuestionStatus | 'all'>
        value={status}
        onChange={(s) => {
          setStatus(s);
          setPage(1);
        }}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'open', label: 'Chưa xử lý' },
          { value: 'assigned', label: 'Đã gắn chủ đề' },
          { value: 'out_of_scope', label: 'Ngoài phạm vi' },
          { value: 'all', label: 'Tất cả' },
        ]}
      />
      {!list.error && (
        <Table<Question>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items}
          data-testid="unanswered-table"
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total,
            onChange: setPage,
            showTotal: (n) => `${n} câu hỏi`,
          }}
          locale={{ emptyText: 'Chưa có câu hỏi nào trợ lý ảo không trả lời được.' }}
          columns={[
            {
              title: 'Câu hỏi (đã chuẩn hoá, bỏ thông tin cá nhân)',
              render: (_: unknown, q) => (
                <>
                  <div>{q.text}</div>
                  {q.source === 'feedback' && (
                    <Tag color="red" style={{ marginTop: 4 }}>
                      Người dân báo “Chưa đúng”{q.reportedTopicId ? `: ${q.reportedTopicId}` : ''}
                    </Tag>
                  )}
                </>
              ),
            },
            { title: 'Số lần hỏi', dataIndex: 'count', width: 100 },
            { title: 'Lần gần nhất', dataIndex: 'lastSeenAt', render: formatDateTime, width: 170 },
            {
              title: 'Chủ đề gần nhất',
              dataIndex: 'suggestions',
              render: (s: string[]) => s.map((x) => <Tag key={x}>{x}</Tag>),
            },
            { title: 'Xử lý', key: 'actions', width: 330, render: (_: unknown, q) => actions(q) },
          ]}
        />
      )}
      {assigning && (
        <AssignQuestion
          question={assigning.text}
          suggestions={assigning.suggestions}
          onCancel={() => setAssigning(undefined)}
          onAssign={async (topicId) => {
            const ok = await assign(
              assigning,
              { topicId },
              (r) =>
                `Đã thêm vào bản nháp phiên bản ${r.status === 'assigned' ? r.version.number : ''} của chủ đề ${topicId}. Hãy gửi duyệt để trợ lý ảo trả lời.`,
            );
            if (ok) setAssigning(undefined);
            return ok;
          }}
        />
      )}
    </>
  );
}
