import { useState } from 'react';
import { Alert, Card, Col, DatePicker, List, Row, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useApi, formatDateTime } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { statusLabel } from './ContentPage';
import type { MonthView, PlanReportPeriods, QuotaReport, QuotaRow } from '@cchc/contract/console/plan';

export default function PlanCalendarPage() {
  const [month, setMonth] = useState(dayjs());
  const [period, setPeriod] = useState('q1');
  const year = month.year();
  const view = useApi<MonthView>(`/plan/${year}/months/${month.month() + 1}`);
  const report = useApi<QuotaReport>(`/plan/${year}/quota-report`, { period });
  // The report periods come from the year's plan (content/plan reportPeriods), not from this page.
  const periods = useApi<PlanReportPeriods>(`/plan/${year}/report-periods`);
  const kh196 = periods.data?.periods.some((p) => !p.fromPlan) ?? false;
  const label = new Map(view.data?.themes.map((t) => [t.code, t.label]));
  return (
    <>
      <PageTitle>Lịch kế hoạch tuyên truyền</PageTitle>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker
          picker="month"
          value={month}
          onChange={(d) => d && setMonth(d)}
          format="MM/YYYY"
          allowClear={false}
        />
      </Space>
      <LoadError status={view.status} error={view.error} />
      {view.data?.warnings.map((w) => (
        <Alert key={w} type="warning" showIcon message={w} style={{ marginBottom: 8 }} />
      ))}
      {view.data?.gaps.map((g) => (
        <Alert key={g.planItemNo} type="info" showIcon message={g.message} style={{ marginBottom: 8 }} />
      ))}
      <Row gutter={16}>
        <Col span={12}>
          <Card title="Chủ đề theo kế hoạch" size="small">
            <List
              dataSource={view.data?.planned}
              locale={{ emptyText: 'Không có mục kế hoạch trong tháng này.' }}
              renderItem={(i) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <span>
                        Mục {i.no}: {label.get(i.theme) ?? i.theme}{' '}
                        {i.kind === 'event' && <Tag>hoạt động</Tag>}
                      </span>
                    }
                    description={
                      <>
                        {i.title}
                        <br />
                        {i.when}
                        {i.lead.length > 0 && ` · chủ trì: ${i.lead.join(', ')}`}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="Tin đã lên lịch và đã gửi" size="small">
            <List
              dataSource={view.data?.broadcasts}
              locale={{ emptyText: 'Chưa có tin nào trong tháng.' }}
              renderItem={(b) => (
                <List.Item>
                  <List.Item.Meta
                    title={<a href={`/admin/broadcasts?id=${b.broadcastId}`}>{b.title}</a>}
                    description={
                      <>
                        {formatDateTime(b.scheduledAt)} · {b.themeCode ?? 'không chủ đề'} ·{' '}
                        <Tag color={statusLabel[b.status]?.color}>
                          {statusLabel[b.status]?.text ?? b.status}
                        </Tag>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <h3 style={{ marginTop: 24 }}>Báo cáo chỉ tiêu đăng tin theo kỳ</h3>
      <Select
        value={period}
        onChange={setPeriod}
        style={{ width: 200, marginBottom: 12 }}
        options={periods.data?.periods.map((p) => ({ value: p.id, label: p.label }))}
      />
      {report.data && (
        <div style={{ marginBottom: 8 }}>
          {report.data.period.label}: {report.data.period.firstDay} – {report.data.period.lastDay}
          {kh196 && ` · năm ${year} chưa có kế hoạch đã duyệt: dùng kỳ báo cáo của KH 196/KH-UBND`}
        </div>
      )}
      <Table<QuotaRow>
        rowKey="quotaId"
        dataSource={report.data?.quotas}
        pagination={false}
        columns={[
          { title: 'Chỉ tiêu', dataIndex: 'quotaId' },
          { title: 'Đơn vị', dataIndex: 'unitCode' },
          {
            title: 'Mức',
            render: (_: unknown, q) =>
              `${q.min}/${q.per === 'month' ? 'tháng' : q.per === 'quarter' ? 'quý' : 'năm'}`,
          },
          { title: 'Cần trong kỳ', dataIndex: 'required', render: (v: number | null) => v ?? '—' },
          { title: 'Đã gửi duyệt', dataIndex: 'submitted' },
          { title: 'Đã đăng (Zalo)', dataIndex: 'published' },
          {
            title: 'Kết quả',
            render: (_: unknown, q) =>
              !q.measured ? (
                <Tag>kênh khác, không đo ở đây</Tag>
              ) : q.met === null ? (
                '—'
              ) : q.met ? (
                <Tag color="green">Đạt</Tag>
              ) : (
                <Tag color="red">Chưa đạt</Tag>
              ),
          },
        ]}
      />
    </>
  );
}
