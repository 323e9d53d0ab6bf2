import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Select, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { PlanReportPeriods } from '@cchc/contract/console/plan';
import type { SurveyReport, SurveySummaries } from '@cchc/contract/surveys';
import { useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { useAuth } from '../auth';
import { currentReportYear, periodOptions } from './survey/periods';
import { SurveyReportView } from './survey/SurveyReportView';

/** Survey reports: pick a survey and a report period (official or custom), read the report, export it. */
export default function SurveyPage() {
  const { can } = useAuth();
  const surveys = useApi<SurveySummaries>('/surveys');
  const [surveyId, setSurveyId] = useState<string>();
  const [year, setYear] = useState(currentReportYear());
  const [period, setPeriod] = useState(`${currentReportYear()}-year`);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const planPeriods = useApi<PlanReportPeriods>(`/plan/${year}/report-periods`);
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
  const report = useApi<SurveyReport>(surveyId ? `/surveys/${surveyId}/report` : '/surveys', query);
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
          options={periodOptions(year, planPeriods.data?.periods)}
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
      {r && <SurveyReportView r={r} />}
    </>
  );
}
