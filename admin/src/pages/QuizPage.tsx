import { useState } from 'react';
import { Alert, Button, Card, Col, Row, Select, Space, Table, Tag, Upload, message } from 'antd';
import ReactECharts from 'echarts-for-react';
import { api, ApiError } from '../api';
import { formatDateTime, useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import type {
  ConsoleCampaign as Campaign,
  ConsoleRankRow,
  ConsoleRound as Round,
  ImportProblem as Problem,
  ConsoleCampaignDetail,
  ConsoleCampaigns,
  ConsoleLeaderboard,
  ImportRequest,
  ImportResult,
  Participation,
} from '@cchc/contract/quiz';

/** Contests: campaigns and rounds, live participation, ranking, export, publish, bank import with its row report. */
export default function QuizPage() {
  const campaigns = useApi<ConsoleCampaigns>('/quiz/campaigns');
  const [campaignId, setCampaignId] = useState<string>();
  const selected = campaigns.data?.campaigns.find(
    (c) => c.id === (campaignId ?? campaigns.data?.campaigns.at(-1)?.id),
  );
  return (
    <>
      <PageTitle>Cuộc thi</PageTitle>
      <LoadError status={campaigns.status} error={campaigns.error} />
      <Select
        style={{ minWidth: 420, marginBottom: 16 }}
        value={selected?.id}
        onChange={setCampaignId}
        options={campaigns.data?.campaigns.map((c) => ({
          value: c.id,
          label: `${c.title} (${c.participants} người)`,
        }))}
      />
      {selected && <CampaignDetail campaign={selected} />}
    </>
  );
}

function CampaignDetail({ campaign }: { campaign: Campaign }) {
  const detail = useApi<ConsoleCampaignDetail>(`/quiz/campaigns/${campaign.id}`);
  const stats = useApi<Participation>(`/quiz/campaigns/${campaign.id}/participation`);
  const [roundId, setRoundId] = useState<string>();
  const rounds = detail.data?.rounds ?? [];
  const round =
    rounds.find((r) => r.id === roundId) ??
    rounds.find((r) => new Date(r.closesAt) > new Date()) ??
    rounds.at(-1);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title="Tham gia theo xã, phường (trực tiếp)">
          <LoadError status={stats.status} error={stats.error} />
          <ReactECharts
            style={{ height: 280 }}
            option={{
              tooltip: {},
              legend: { data: ['Đăng ký', 'Đã nộp bài'] },
              // Long commune names are rotated; keep them inside the chart instead of cut at its edge.
              grid: { containLabel: true, left: 8, right: 8, bottom: 8 },
              xAxis: {
                type: 'category',
                data: stats.data?.byCommune.slice(0, 20).map((s) => s.label) ?? [],
                axisLabel: { rotate: 40 },
              },
              yAxis: { type: 'value', minInterval: 1 },
              series: [
                {
                  name: 'Đăng ký',
                  type: 'bar',
                  data: stats.data?.byCommune.slice(0, 20).map((s) => s.registered) ?? [],
                },
                {
                  name: 'Đã nộp bài',
                  type: 'bar',
                  data: stats.data?.byCommune.slice(0, 20).map((s) => s.submitted) ?? [],
                },
              ],
            }}
          />
          <Table
            size="small"
            rowKey="key"
            pagination={{ pageSize: 5 }}
            dataSource={stats.data?.byUnit ?? []}
            columns={[
              { title: 'Cơ quan, đơn vị', dataIndex: 'label' },
              { title: 'Đăng ký', dataIndex: 'registered' },
              { title: 'Đã nộp', dataIndex: 'submitted' },
              { title: 'Lượt nộp', dataIndex: 'submissions' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <ImportCard bank={campaign.bank} />
      </Col>
      <Col span={24}>
        <Card
          title="Xếp hạng theo vòng"
          extra={
            <Select
              style={{ minWidth: 260 }}
              value={round?.id}
              onChange={setRoundId}
              options={rounds.map((r) => ({ value: r.id, label: r.title }))}
            />
          }
        >
          {round && <RoundResults round={round} onPublished={() => void detail.reload()} />}
        </Card>
      </Col>
    </Row>
  );
}

function RoundResults({ round, onPublished }: { round: Round; onPublished: () => void }) {
  const board = useApi<ConsoleLeaderboard>(`/quiz/rounds/${round.id}/leaderboard`, {
    limit: 100,
  });
  const publish = async () => {
    try {
      await api(`/quiz/rounds/${round.id}/publish`, { method: 'POST' });
      void message.success('Đã công bố kết quả vòng thi.');
      onPublished();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : 'Không công bố được.');
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <span>
          {formatDateTime(round.opensAt)} – {formatDateTime(round.closesAt)}
        </span>
        {round.publishedAt ? (
          <Tag color="green">Đã công bố {formatDateTime(round.publishedAt)}</Tag>
        ) : (
          <Tag>Chưa công bố</Tag>
        )}
        <span>Đáp án câu dự đoán (số bài đã nộp): {board.data?.actual ?? '—'}</span>
        <Button href={`/api/console/quiz/rounds/${round.id}/export.xlsx`}>Xuất Excel</Button>
        {!round.publishedAt && (
          <Button type="primary" onClick={() => void publish()}>
            Công bố kết quả
          </Button>
        )}
      </Space>
      <LoadError status={board.status} error={board.error} />
      <Table
        size="small"
        rowKey={(r) => `${r.rank}-${r.submittedAt}-${r.registration.fullName}`}
        dataSource={board.data?.rows ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          {
            title: 'Hạng',
            render: (_: unknown, r: ConsoleRankRow) => (r.tied ? `${r.rank} (đồng hạng)` : r.rank),
          },
          { title: 'Họ và tên', render: (_: unknown, r: ConsoleRankRow) => r.registration.fullName },
          {
            title: 'Đơn vị / xã',
            render: (_: unknown, r: ConsoleRankRow) => r.registration.unit ?? r.registration.commune,
          },
          { title: 'Điện thoại', render: (_: unknown, r: ConsoleRankRow) => r.registration.phone ?? '' },
          { title: 'Điểm', dataIndex: 'score' },
          {
            title: 'Thời gian (giây)',
            render: (_: unknown, r: ConsoleRankRow) => (r.durationMs / 1000).toFixed(1),
          },
          { title: 'Dự đoán', dataIndex: 'prediction' },
          { title: 'Chênh lệch', dataIndex: 'predictionDistance' },
          { title: 'Nộp lúc', render: (_: unknown, r: ConsoleRankRow) => formatDateTime(r.submittedAt) },
        ]}
      />
    </>
  );
}

/** Import a bank from XLSX/CSV: a dry run shows the row report first; nothing is imported while any row is wrong. */
function ImportCard({ bank }: { bank: string }) {
  const [problems, setProblems] = useState<Problem[]>();
  const [result, setResult] = useState<string>();
  const send = async (file: File, dryRun: boolean) => {
    const format = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    const body: ImportRequest = { format, fileBase64: btoa(binary) };
    try {
      // Always check first: the dry run answers with the row report; import only a file without problems.
      const check = await api<ImportResult>(`/quiz/banks/${bank}/import`, {
        method: 'POST',
        body: { ...body, dryRun: true },
      });
      setProblems(check.report.problems);
      if (!check.report.ok)
        return setResult(`Tệp có ${check.report.problems.length} lỗi; chưa nhập câu hỏi nào.`);
      if (dryRun)
        return setResult(
          `Tệp hợp lệ: ${check.report.rows} câu (${check.report.created} mới, ${check.report.updated} cập nhật).`,
        );
      const r = await api<ImportResult>(`/quiz/banks/${bank}/import`, {
        method: 'POST',
        body: { ...body, dryRun: false },
      });
      setResult(`Đã nhập ${r.report.rows} câu (${r.report.created} mới, ${r.report.updated} cập nhật).`);
    } catch (err) {
      setResult(err instanceof ApiError ? err.message : 'Không nhập được tệp.');
    }
  };
  return (
    <Card title={`Nhập ngân hàng câu hỏi (${bank})`}>
      <p>
        Cột: id, type (single | multiple | truefalse), topic, difficulty, text, option_1 … option_8, correct
        (số thứ tự phương án đúng, ví dụ “2” hoặc “1,3”), explanation, source.
      </p>
      <Space>
        <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(f) => (void send(f, true), false)}>
          <Button>Kiểm tra tệp</Button>
        </Upload>
        <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(f) => (void send(f, false), false)}>
          <Button type="primary">Nhập</Button>
        </Upload>
      </Space>
      {result && (
        <Alert style={{ marginTop: 12 }} type={problems?.length ? 'error' : 'success'} message={result} />
      )}
      {problems && problems.length > 0 && (
        <Table
          size="small"
          rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
          dataSource={problems}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: 'Dòng', dataIndex: 'row' },
            { title: 'Cột', dataIndex: 'column' },
            { title: 'Lỗi', dataIndex: 'message' },
          ]}
        />
      )}
    </Card>
  );
}
