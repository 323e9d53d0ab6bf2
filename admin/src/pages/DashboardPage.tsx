import { Card, Col, Progress, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useApi } from '../hooks';
import { useAuth } from '../auth';
import { LoadError, PageTitle } from '../components';
import { t } from '../i18n';
import type { Dashboard } from '@cchc/contract/console/people';

// Only the parts of ECharts the dashboard draws: keeps the bundle small.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const seriesLabels: Record<string, string> = {
  messages: 'Tin nhắn đến',
  newFollowers: 'Người quan tâm mới',
  logins: 'Lượt đăng nhập',
  actions: 'Thao tác trên bảng điều khiển',
};

function Figure({ title, value }: { title: string; value: number | null }) {
  return (
    <Card>
      <Statistic title={title} value={value ?? t.empty} />
    </Card>
  );
}

/** Topics overdue for review, in red when any; a click opens them on the "Hỏi đáp" page for those who may. */
function OverdueTopics({ value }: { value: number | null }) {
  const { can } = useAuth();
  const card = (
    <Card hoverable={can('faq.read')} data-testid="faq-overdue-tile">
      <Statistic
        title="Chủ đề hỏi đáp quá hạn rà soát"
        value={value ?? t.empty}
        valueStyle={value ? { color: '#cf1322' } : undefined}
      />
    </Card>
  );
  return can('faq.read') ? <Link to="/faq?reviewDue=1">{card}</Link> : card;
}

/** The chart: daily figures from the modules when they provide them, else console activity from the audit log. */
function chartOption(d: Dashboard) {
  const fromModules = d.series && d.series.length > 0;
  const dates = fromModules ? d.series!.map((s) => s.date) : d.consoleActivity.map((a) => a.date);
  const names = fromModules ? Object.keys(d.series![0]!.series) : ['logins', 'actions'];
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: names.map((n) => seriesLabels[n] ?? n) },
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: dates.map((x) => x.slice(5).split('-').reverse().join('/')) },
    yAxis: { type: 'value', minInterval: 1 },
    series: names.map((n) => ({
      name: seriesLabels[n] ?? n,
      type: 'bar',
      data: fromModules
        ? d.series!.map((s) => s.series[n] ?? 0)
        : d.consoleActivity.map((a) => a[n as 'logins' | 'actions']),
    })),
  };
}

export default function DashboardPage() {
  const { data, error, status } = useApi<Dashboard>('/dashboard');
  if (error) return <LoadError status={status} error={error} />;
  if (!data) return null;
  const survey = data.surveyProgress;
  return (
    <>
      <PageTitle>{t.menu.dashboard}</PageTitle>
      <Row gutter={[16, 16]} data-testid="dashboard-cards">
        <Col xs={24} sm={12} lg={6}>
          <Figure title="Người quan tâm OA" value={data.followers} />
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Figure title="Tin nhắn hôm nay" value={data.messagesToday} />
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Figure title="Bài chờ duyệt" value={data.pendingApprovals} />
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Figure title="Câu hỏi chưa trả lời" value={data.unansweredQuestions} />
        </Col>
        {data.faqTopicsOverdue !== undefined && (
          <Col xs={24} sm={12} lg={6}>
            <OverdueTopics value={data.faqTopicsOverdue} />
          </Col>
        )}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={8}>
          <Card title="Khảo sát: mức độ hiểu biết về CCHC">
            {survey ? (
              <>
                <Progress
                  type="dashboard"
                  percent={Math.round(survey.rate * 1000) / 10}
                  status={survey.rate >= survey.target ? 'success' : 'normal'}
                />
                <Typography.Paragraph>
                  Mục tiêu {Math.round(survey.target * 100)}% · cỡ mẫu {survey.sampleSize}
                </Typography.Paragraph>
              </>
            ) : (
              <Typography.Paragraph>
                {t.empty}{' '}
                <Typography.Text type="secondary">
                  (mục tiêu {Math.round(data.surveyTarget * 100)}%; chưa có số liệu)
                </Typography.Text>
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card
            title={
              data.series?.length ? 'Diễn biến 14 ngày qua' : 'Hoạt động trên bảng điều khiển 14 ngày qua'
            }
          >
            <ReactEChartsCore echarts={echarts} option={chartOption(data)} style={{ height: 280 }} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
