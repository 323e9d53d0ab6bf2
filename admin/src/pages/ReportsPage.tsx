import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Table, Tag, message } from 'antd';
import { DownloadOutlined, SendOutlined } from '@ant-design/icons';
import { api, errorText } from '../api';
import { useAuth } from '../auth';
import { useApi, formatDateTime } from '../hooks';
import { LoadError, PageTitle } from '../components';
import type { PlanReportPeriods } from '@cchc/contract/console/plan';
import type { Units } from '@cchc/contract/console/reference';
import type { Narrative, PeriodData, Rollup } from '@cchc/contract/console/reports';

/** The three sections the unit writes (the form's values). */
type NarrativeText = Pick<Narrative, 'achievements' | 'limits' | 'proposals'>;

const pct = (p: number) => `${(p * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;
const statusText: Record<string, string> = { met: 'Đạt', not_met: 'Chưa đạt', undetermined: 'Chưa xác định' };
const viDay = (d: string) => d.split('-').reverse().join('/');

/** The period report to Sở Nội vụ: figures, the unit's narrative, Word/PDF export, and the province roll-up. */
export default function ReportsPage() {
  const { me, can } = useAuth();
  const [year, setYear] = useState(new Date().getFullYear());
  const [periodKey, setPeriodKey] = useState<string>();
  const units = useApi<Units>('/reference/units');
  const mine = (units.data?.items ?? []).filter(
    (u) => u.inScope && !['division', 'district-agency'].includes(u.kind),
  );
  const [unit, setUnit] = useState<string | undefined>(me?.unitCode ?? undefined);
  const periods = useApi<PlanReportPeriods>(`/plan/${year}/report-periods`);
  const period = periods.data?.periods.find((p) => p.key === periodKey) ?? periods.data?.periods[0];
  const query = { unit, period: period?.key };
  const data = useApi<PeriodData>('/reports/period/data', query);
  const rollup = useApi<Rollup>('/reports/rollup', { period: period?.key });
  const [form] = Form.useForm<NarrativeText>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    form.setFieldsValue(data.data?.narrative ?? { achievements: '', limits: '', proposals: '' });
  }, [data.data, form]);
  const submitted = data.data?.narrative?.status === 'submitted';
  const save = async (submit: boolean) => {
    setSaving(true);
    try {
      await api('/reports/narrative', { method: 'PUT', body: { ...query, ...form.getFieldsValue() } });
      if (submit) await api('/reports/narrative/submit', { method: 'POST', body: query });
      void message.success(submit ? 'Đã gửi báo cáo.' : 'Đã lưu.');
      await data.reload();
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setSaving(false);
    }
  };
  const download = (format: 'docx' | 'pdf') =>
    `/api/console/reports/period?${new URLSearchParams({ unit: unit ?? '', period: period?.key ?? '', format })}`;
  const f = data.data?.figures;
  return (
    <>
      <PageTitle>Báo cáo định kỳ gửi Sở Nội vụ</PageTitle>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="Đơn vị"
          showSearch
          optionFilterProp="label"
          style={{ minWidth: 320 }}
          value={unit}
          placeholder="Chọn đơn vị"
          onChange={setUnit}
          options={mine.map((u) => ({ value: u.code, label: u.name }))}
        />
        <Select
          aria-label="Năm"
          value={year}
          onChange={(y) => {
            setYear(y);
            setPeriodKey(undefined);
          }}
          options={[-1, 0, 1].map((d) => ({
            value: new Date().getFullYear() + d,
            label: `Năm ${new Date().getFullYear() + d}`,
          }))}
        />
        <Select
          aria-label="Kỳ báo cáo"
          style={{ minWidth: 200 }}
          value={period?.key}
          onChange={setPeriodKey}
          options={periods.data?.periods.map((p) => ({ value: p.key, label: p.label }))}
        />
        <Button icon={<DownloadOutlined />} href={download('docx')} disabled={!unit || !period}>
          Tải báo cáo Word
        </Button>
        <Button icon={<DownloadOutlined />} href={download('pdf')} disabled={!unit || !period}>
          Tải PDF
        </Button>
      </Space>
      {period && (
        <div style={{ marginBottom: 8 }}>
          {period.label}: {viDay(period.firstDay)} – {viDay(period.lastDay)}
          {period.due && <> · hạn gửi {viDay(period.due)}</>}
          {period.fromPlan ? (
            <> · theo kế hoạch năm {year} đã duyệt</>
          ) : (
            <> · năm {year} chưa có kế hoạch đã duyệt: dùng kỳ báo cáo của KH 196/KH-UBND</>
          )}
        </div>
      )}
      {/* The first load runs before a unit and a period are chosen; its refusal is not worth showing. */}
      <LoadError status={data.status} error={unit && period && !data.data ? data.error : undefined} />
      {f?.demoExcluded && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message="Hệ thống đang có dữ liệu bản trình diễn: báo cáo chính thức không tính các số liệu đó (các trang tổng quan vẫn hiển thị, có ghi “[Bản trình diễn]”)."
        />
      )}
      {f && !f.hasData && (
        <Alert
          type="info"
          showIcon
          message="Chưa có dữ liệu cho đơn vị trong kỳ này."
          style={{ marginBottom: 8 }}
        />
      )}
      {f && (
        <Card size="small" title="Số liệu trên hệ thống" style={{ marginBottom: 12 }}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="Mục kế hoạch đến hạn">
              {f.plan.available
                ? `${f.plan.due} (đã thực hiện ${f.plan.done}/${f.plan.measured} mục đo được)`
                : 'Chưa có kế hoạch'}
            </Descriptions.Item>
            <Descriptions.Item label="Tin đã đăng (Zalo OA)">
              {f.broadcasts.totals.items} tin · {f.broadcasts.totals.broadcasts} đợt · gửi tới{' '}
              {f.broadcasts.totals.sent} · đã xem {f.broadcasts.totals.seen} · bấm{' '}
              {f.broadcasts.totals.clicks}
            </Descriptions.Item>
            <Descriptions.Item label="Cuộc thi">
              {f.quiz.campaigns.length === 0
                ? 'Chưa có dữ liệu'
                : f.quiz.campaigns
                    .map((c) => `${c.title}: ${c.rows.reduce((s, r) => s + r.submitted, 0)} người`)
                    .join('; ')}
            </Descriptions.Item>
            {f.surveys.map((s) => (
              <Descriptions.Item key={s.surveyId} label={`${s.title} (${s.scopeLabel})`}>
                {s.estimate.p === null
                  ? 'Chưa có dữ liệu'
                  : `${pct(s.estimate.p)} (n = ${s.estimate.n}; KTC 95%: ${pct(s.estimate.interval!.lower)} – ${pct(s.estimate.interval!.upper)}) · ${statusText[s.estimate.status]}`}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      {f && (
        <Card
          size="small"
          title={
            <>
              Phần tự đánh giá của đơn vị{' '}
              {submitted ? (
                <Tag color="green">Đã gửi {formatDateTime(data.data?.narrative?.submittedAt)}</Tag>
              ) : (
                <Tag>Chưa gửi</Tag>
              )}
            </>
          }
        >
          <Form form={form} layout="vertical" disabled={submitted || !can('report.narrative.write')}>
            <Form.Item name="achievements" label="Kết quả đạt được">
              <Input.TextArea rows={5} />
            </Form.Item>
            <Form.Item name="limits" label="Tồn tại, hạn chế và nguyên nhân">
              <Input.TextArea rows={4} />
            </Form.Item>
            <Form.Item name="proposals" label="Phương hướng, kiến nghị, đề xuất">
              <Input.TextArea rows={4} />
            </Form.Item>
            <Space>
              <Button onClick={() => void save(false)} loading={saving}>
                Lưu
              </Button>
              <Button type="primary" icon={<SendOutlined />} onClick={() => void save(true)} loading={saving}>
                Gửi báo cáo
              </Button>
            </Space>
          </Form>
        </Card>
      )}
      {can('report.rollup.read') && rollup.data && (
        <>
          <h3 style={{ marginTop: 24 }}>
            Tổng hợp toàn địa bàn: {rollup.data.submitted}/{rollup.data.units.length} đơn vị đã gửi
          </h3>
          <Table
            rowKey="code"
            size="small"
            dataSource={rollup.data.units}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: 'Đơn vị', dataIndex: 'name' },
              {
                title: 'Trạng thái',
                dataIndex: 'status',
                render: (s: string) =>
                  s === 'submitted' ? (
                    <Tag color="green">Đã gửi</Tag>
                  ) : s === 'draft' ? (
                    <Tag color="gold">Đang soạn</Tag>
                  ) : (
                    <Tag color="red">Chưa gửi</Tag>
                  ),
              },
              {
                title: 'Ngày gửi',
                dataIndex: 'submittedAt',
                render: (v: string | null) => formatDateTime(v),
              },
              { title: 'Đợt gửi Zalo OA', dataIndex: 'broadcasts' },
            ]}
          />
        </>
      )}
    </>
  );
}
