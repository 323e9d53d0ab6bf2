import { Alert, Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import type { SurveyReport } from '@cchc/contract/surveys';
import { echarts, shareChart, trendChart } from './charts';
import { ci, estimateColumns, pct, statusTag } from './format';

/** One survey's report: headline share (plain and weighted), by group, by period, by commune, answer distribution. */
export function SurveyReportView({ r }: { r: SurveyReport }) {
  return (
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
  );
}
