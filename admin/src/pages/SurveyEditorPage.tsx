import { useEffect, useState } from 'react';
import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography, message } from 'antd';
import { api, ApiError, errorText } from '../api';
import { useApi, formatDateTime } from '../hooks';
import { LoadError, PageTitle } from '../components';
import type { DefinitionDetail as DefinitionResponse } from '@cchc/contract/surveys';
import type { DefinitionList, DefinitionSaved } from '@cchc/contract/surveys';

/**
 * The survey editor: the definition as JSON (the same shape as content/surveys/*.yaml). The server validates every
 * save (question types, skip logic, knowledge answers, the "understands" rule) and keeps each save as a version;
 * responses record the version they answered.
 */
export default function SurveyEditorPage() {
  const list = useApi<DefinitionList>('/surveys/definitions');
  const [surveyId, setSurveyId] = useState<string>();
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!surveyId && list.data?.surveys[0]) setSurveyId(list.data.surveys[0].id);
  }, [surveyId, list.data]);
  const current = useApi<DefinitionResponse>(
    surveyId ? `/surveys/${surveyId}/definition` : '/surveys/definitions',
  );
  const loaded = current.data && 'definition' in current.data ? current.data : undefined;
  useEffect(() => {
    if (loaded) setText(JSON.stringify(loaded.definition, null, 2));
  }, [loaded]);
  if (list.error) return <LoadError status={list.status} error={list.error} />;

  async function save() {
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch {
      setProblems(['Nội dung không phải JSON hợp lệ.']);
      return;
    }
    setSaving(true);
    try {
      const saved = await api<DefinitionSaved>(`/surveys/${surveyId}/definition`, {
        method: 'PUT',
        body: { definition },
      });
      setProblems([]);
      void message.success(`Đã lưu phiên bản ${saved.version}.`);
      await current.reload();
    } catch (err) {
      setProblems(
        err instanceof ApiError && err.fields?.length
          ? err.fields.map((f) => `${f.path}: ${f.message}`)
          : [errorText(err)],
      );
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <PageTitle>Soạn khảo sát</PageTitle>
      <Space style={{ marginBottom: 16 }}>
        <Select
          style={{ minWidth: 420 }}
          value={surveyId}
          onChange={setSurveyId}
          options={(list.data?.surveys ?? []).map((s) => ({ value: s.id, label: s.title }))}
        />
        <Button type="primary" onClick={() => void save()} loading={saving} disabled={!loaded}>
          Lưu phiên bản mới
        </Button>
      </Space>
      {loaded?.warnings && loaded.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message="Cần xem lại"
          description={
            <ul>
              {loaded.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          }
        />
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message="Chưa lưu được"
          description={
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      <Typography.Paragraph type="secondary">
        Câu hỏi: single, multiple, likert (scale min/max), yesno, text, knowledge (correct; phương án được đảo
        thứ tự cho từng người, trừ phương án fixed: true như “Tôi không biết”). Điều kiện hiển thị: showIf{' '}
        {'{question, equals}'}. Quy tắc “hiểu”: understanding.knowledge (items, minCorrect), selfAssessment
        (question hoặc questions, minValue), combine all/any.
      </Typography.Paragraph>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 20, maxRows: 40 }}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        spellCheck={false}
      />
      {loaded && (
        <Card title="Các phiên bản" size="small" style={{ marginTop: 16 }}>
          <Table
            size="small"
            rowKey="version"
            pagination={false}
            dataSource={loaded.versions}
            columns={[
              {
                title: 'Phiên bản',
                dataIndex: 'version',
                render: (v: number) =>
                  v === loaded.version ? (
                    <>
                      {v} <Tag color="blue">hiện hành</Tag>
                    </>
                  ) : (
                    v
                  ),
              },
              {
                title: 'Nguồn',
                dataIndex: 'source',
                render: (s: string) => (s === 'file' ? 'Tệp content/surveys' : 'Bảng điều khiển'),
              },
              { title: 'Thời điểm', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            ]}
          />
        </Card>
      )}
    </>
  );
}
