import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Dayjs } from 'dayjs';
import { useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { useAuth } from '../auth';

echarts.use([
  BarChart,
  LineChart,
  CustomChart,
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

type Status = 'met' | 'not_met' | 'undetermined';
interface Estimate {
  n: number;
  understands: number;
  p: number | null;
  interval: { lower: number; upper: number } | null;
  status: Status;
}
interface PeriodRow extends Estimate {
  key: string;
  label: string;
}
interface Report {
  survey: { id: string; title: string; target: number; population: string; version: number };
  period: { key: string; label: string; firstDay: string; lastDay: string; year: number };
  overall: Estimate;
  weighted:
    | ({ available: true; p: number; nEffective: number; designEffect: number } & Estimate)
    | { available: false; reason: string };
  byCommune: (Estimate & { areaCode: string | null; name: string; population: number | null })[];
  bySegment: (Estimate & { segment: string | null; label: string })[];
  byPeriod: PeriodRow[];
  trend: PeriodRow[];
  questions: {
    id: string;
    text: string;
    answered: number;
    options: { id: string; label: string; count: number; share: number | null; correct?: boolean }[];
  }[];
  notes: string[];
}
interface Summary {
  id: string;
  title: string;
  population: string;
  target: number;
  overall: Estimate;
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${(x * 100).toFixed(1).replace('.', ',')}%`;
const ci = (e: Estimate) => (e.interval ? `${pct(e.interval.lower)} – ${pct(e.interval.upper)}` : '—');
const statusTag = (s: Status) =>
  s === 'met' ? (
    <Tag color="green">Đạt</Tag>
  ) : s === 'not_met' ? (
    <Tag color="red">Chưa đạt</Tag>
  ) : (
    <Tag color="gold">Chưa xác định</Tag>
  );

const estimateColumns = [
  { title: 'n', dataIndex: 'n', align: 'right' as const },
  { title: 'Số hiểu', dataIndex: 'understands', align: 'right' as const },
  { title: 'Tỷ lệ', render: (_: unknown, e: Estimate) => pct(e.p), align: 'right' as const },
  { title: 'KTC 95%', render: (_: unknown, e: Estimate) => ci(e) },
  { title: 'Đánh giá', render: (_: unknown, e: Estimate) => statusTag(e.status) },
];

/** Bars with the Wilson interval as whiskers and the target as a dashed line: the dashboard's main chart. */
function shareChart(rows: (Estimate & { label: string })[], target: number) {
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const r = rows[params[0]?.dataIndex ?? 0];
        return r ? `${r.label}<br/>${pct(r.p)} (n = ${r.n})<br/>KTC 95%: ${ci(r)}` : '';
      },
    },
    grid: { left: 50, right: 20, top: 30, bottom: 60 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.label),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
    },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({
          value: r.p ?? 0,
          itemStyle: {
            color: r.status === 'met' ? '#2e7d32' : r.status === 'not_met' ? '#c62828' : '#f9a825',
          },
        })),
        markLine: {
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#1565c0', width: 2 },
          label: { position: 'insideEndTop', formatter: `Chỉ tiêu ${Math.round(target * 100)}%` },
          data: [{ yAxis: target }],
        },
      },
      {
        type: 'custom',
        renderItem: (
          _params: unknown,
          api: { value: (i: number) => number; coord: (p: number[]) => number[] },
        ) => {
          const x = api.value(0);
          const lo = api.coord([x, api.value(1)]);
          const hi = api.coord([x, api.value(2)]);
          const w = 8;
          const style = { stroke: '#000', lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
              { type: 'line', shape: { x1: lo[0]! - w, y1: lo[1], x2: lo[0]! + w, y2: lo[1] }, style },
              { type: 'line', shape: { x1: hi[0]! - w, y1: hi[1], x2: hi[0]! + w, y2: hi[1] }, style },
            ],
          };
        },
        data: rows.flatMap((r, i) => (r.interval ? [[i, r.interval.lower, r.interval.upper]] : [])),
        z: 10,
      },
    ],
  };
}

function trendChart(rows: PeriodRow[], target: number) {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 50, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
    },
    series: [
      {
        name: 'Cận dưới',
        type: 'line',
        data: rows.map((r) => r.interval?.lower ?? null),
        lineStyle: { opacity: 0 },
        stack: 'ci',
        symbol: 'none',
      },
      {
        name: 'KTC 95%',
        type: 'line',
        data: rows.map((r) => (r.interval ? r.interval.upper - r.interval.lower : null)),
        lineStyle: { opacity: 0 },
        areaStyle: { color: '#90caf9', opacity: 0.5 },
        stack: 'ci',
        symbol: 'none',
      },
      {
        name: 'Tỷ lệ hiểu',
        type: 'line',
        data: rows.map((r) => r.p),
        lineStyle: { color: '#0d47a1', width: 2 },
        markLine: {
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#1565c0', width: 2 },
          label: { position: 'insideEndTop', formatter: `Chỉ tiêu ${Math.round(target * 100)}%` },
          data: [{ yAxis: target }],
        },
      },
    ],
  };
}

interface PlanPeriod {
  key: string;
  label: string;
  firstDay: string;
  lastDay: string;
  fromPlan: boolean;
}

const viDay = (day: string) => day.split('-').reverse().join('/');

/** Period choices: the official periods of the report year as its plan states them (GET /plan/:year/report-periods). */
function periodOptions(periods: PlanPeriod[] | undefined) {
  return [
    ...(periods ?? []).map((p) => ({
      value: p.key,
      label: `${p.label} (${viDay(p.firstDay)} – ${viDay(p.lastDay)})`,
    })),
    { value: 'custom', label: 'Khoảng ngày tùy chọn…' },
  ];
}

/** The current report year: from 15/12 the next year's reports open (KH 196/KH-UBND). */
function currentReportYear(): number {
  const local = new Date(Date.now() + 7 * 3600_000);
  return local.getUTCFullYear() + (local.getUTCMonth() === 11 && local.getUTCDate() >= 15 ? 1 : 0);
}

export default function SurveyPage() {
  const { can } = useAuth();
  const surveys = useApi<{ surveys: Summary[] }>('/surveys');
  const [surveyId, setSurveyId] = useState<string>();
  const [year, setYear] = useState(currentReportYear());
  const [period, setPeriod] = useState(`${currentReportYear()}-year`);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const planPeriods = useApi<{ periods: PlanPeriod[] }>(`/plan/${year}/report-periods`);
  const fromPlan = planPeriods.data?.periods.every((p) => p.fromPlan) ?? true;
  useEffect(() => {
    if (!surveyId && surveys.data?.surveys[0]) setSurveyId(surveys.data.surveys[0].id);
  }, [surveyId, surveys.data]);
  const query = useMemo(
    () =>
      period === 'custom'
        ? range
          ? { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }
          : { period: `${year}-year` }
        : { period },
    [period, range, year],
  );
  const report = useApi<Report>(surveyId ? `/surveys/${surveyId}/report` : '/surveys', query);
  if (surveys.error) return <LoadError status={surveys.status} error={surveys.error} />;
  const r = surveyId && report.data && 'overall' in report.data ? report.data : undefined;
  const exportUrl = (ext: 'xlsx' | 'pdf') =>
    `/api/console/surveys/${surveyId}/export.${ext}?${new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()}`;
  return (
    <>
      <PageTitle>Khảo sát: mức độ hiểu biết về CCHC</PageTitle>
      <Space wrap style={{ marginBottom: 16 }} data-testid="survey-controls">
        <Select
          style={{ minWidth: 360 }}
          value={surveyId}
          onChange={setSurveyId}
          options={(surveys.data?.surveys ?? []).map((s) => ({ value: s.id, label: s.title }))}
          aria-label="Khảo sát"
        />
        <span data-testid="year-select">
          <Select
            style={{ width: 110 }}
            value={year}
            onChange={(y) => {
              setYear(y);
              setPeriod(`${y}-year`);
            }}
            options={[year - 1, year, year + 1].map((y) => ({ value: y, label: `Năm ${y}` }))}
            aria-label="Năm báo cáo"
          />
        </span>
        <Select
          style={{ minWidth: 320 }}
          value={period}
          onChange={setPeriod}
          options={periodOptions(planPeriods.data?.periods)}
          aria-label="Kỳ báo cáo"
        />
        {period === 'custom' && (
          <DatePicker.RangePicker
            format="DD/MM/YYYY"
            onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)}
          />
        )}
        {can('survey.export') && surveyId && (
          <>
            <Button icon={<DownloadOutlined />} href={exportUrl('xlsx')}>
              Xuất Excel
            </Button>
            <Button icon={<DownloadOutlined />} href={exportUrl('pdf')}>
              Xuất PDF
            </Button>
          </>
        )}
      </Space>
      {!fromPlan && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={`Năm ${year} chưa có kế hoạch tuyên truyền đã duyệt: các kỳ báo cáo lấy theo KH 196/KH-UBND.`}
        />
      )}
      {report.error && <LoadError status={report.status} error={report.error} />}
      {r && (
        <>
          <Row gutter={[16, 16]} data-testid="survey-headline">
            <Col xs={24} md={8}>
              <Card>
                <Statistic title={`Tỷ lệ hiểu/nắm vững – ${r.period.label}`} value={pct(r.overall.p)} />
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  {r.overall.understands}/{r.overall.n} người · KTC 95%: {ci(r.overall)} ·{' '}
                  {statusTag(r.overall.status)}
                </Typography.Paragraph>
                <Typography.Text type="secondary">Chỉ tiêu {pct(r.survey.target)}</Typography.Text>
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card>
                {r.weighted.available ? (
                  <>
                    <Statistic title="Gia quyền theo dân số xã, phường" value={pct(r.weighted.p)} />
                    <Typography.Paragraph style={{ marginBottom: 0 }}>
                      n hiệu dụng {r.weighted.nEffective.toFixed(1)} · KTC 95%: {ci(r.weighted)} ·{' '}
                      {statusTag(r.weighted.status)}
                    </Typography.Paragraph>
                  </>
                ) : (
                  <Alert
                    type="info"
                    showIcon
                    message="Gia quyền theo dân số: không thực hiện được"
                    description={r.weighted.reason}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card title="Theo nhóm" size="small">
                <Table
                  size="small"
                  pagination={false}
                  rowKey={(x) => x.segment ?? '-'}
                  dataSource={r.bySegment}
                  columns={[
                    { title: 'Nhóm', dataIndex: 'label' },
                    ...estimateColumns.slice(0, 3),
                    estimateColumns[4]!,
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} lg={12}>
              <Card title="Theo kỳ báo cáo (KH 196/KH-UBND)">
                <ReactEChartsCore
                  echarts={echarts}
                  option={shareChart(r.byPeriod, r.survey.target)}
                  style={{ height: 300 }}
                  notMerge
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title="Diễn biến theo quý">
                <ReactEChartsCore
                  echarts={echarts}
                  option={trendChart(r.trend, r.survey.target)}
                  style={{ height: 300 }}
                  notMerge
                />
              </Card>
            </Col>
          </Row>
          <Card title="Theo xã, phường" style={{ marginTop: 16 }}>
            {r.byCommune.length > 0 && (
              <ReactEChartsCore
                echarts={echarts}
                option={shareChart(
                  r.byCommune.map((c) => ({ ...c, label: c.name })),
                  r.survey.target,
                )}
                style={{ height: 320 }}
                notMerge
              />
            )}
            <Table
              data-testid="commune-table"
              size="small"
              rowKey={(c) => c.areaCode ?? '-'}
              dataSource={r.byCommune}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: 'Xã, phường', dataIndex: 'name' },
                {
                  title: 'Dân số',
                  dataIndex: 'population',
                  render: (v: number | null) => v?.toLocaleString('vi-VN') ?? '—',
                  align: 'right' as const,
                },
                ...estimateColumns,
              ]}
            />
          </Card>
          <Card title="Phân bố câu trả lời" style={{ marginTop: 16 }}>
            {r.questions.map((q) => (
              <div key={q.id} style={{ marginBottom: 12 }}>
                <Typography.Text strong>
                  {q.id}. {q.text}
                </Typography.Text>{' '}
                <Typography.Text type="secondary">({q.answered} lượt trả lời)</Typography.Text>
                <Table
                  size="small"
                  pagination={false}
                  rowKey="id"
                  dataSource={q.options}
                  columns={[
                    {
                      title: 'Phương án',
                      dataIndex: 'label',
                      render: (v: string, o: { correct?: boolean }) =>
                        o.correct ? (
                          <>
                            {v} <Tag color="green">đúng</Tag>
                          </>
                        ) : (
                          v
                        ),
                    },
                    { title: 'Số lượt', dataIndex: 'count', align: 'right' as const, width: 100 },
                    {
                      title: 'Tỷ lệ',
                      dataIndex: 'share',
                      render: (v: number | null) => pct(v),
                      align: 'right' as const,
                      width: 100,
                    },
                  ]}
                />
              </div>
            ))}
          </Card>
          <Card title="Ghi chú" size="small" style={{ marginTop: 16 }}>
            <ul style={{ margin: 0 }}>
              {r.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </Card>
        </>
      )}
    </>
  );
}
