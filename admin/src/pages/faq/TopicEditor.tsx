import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Form, Row, Space, Spin } from 'antd';
import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { api, ApiError, errorText } from '../../api';
import { useAuth } from '../../auth';
import { useApi } from '../../hooks';
import type { LocalDetails } from '@cchc/contract/console/faq';
import { LoadError, PageTitle } from '../../components';
import {
  emptyContent,
  type ConflictDetails,
  type Lang,
  type SaveResult,
  type TopicDetail,
} from './faq.types';
import { formFieldOf, toContent, toForm, type TopicFormValues } from './topicForm';
import { TopicForm } from './TopicForm';
import { AnswerPreview } from './AnswerPreview';
import { TopicVersions } from './TopicVersions';
import { TopicActions, TopicStatus } from './TopicActions';
import { ConflictNotice, type Conflict } from './ConflictNotice';

const topicPath = (id: string) => `/faq/topics/${encodeURIComponent(id)}`;

/** A new topic's starting values: from an unanswered question when the editor came from that page. */
function startValues(question: string | null): TopicFormValues {
  const values = toForm(emptyContent());
  if (question) values.variants = question;
  return values;
}

/**
 * One topic: the form, the Zalo preview beside it, the workflow buttons and the versions. Every save is a new
 * version based on the one loaded (`baseVersion`), so a concurrent save by someone else is refused, never overwritten.
 */
export default function TopicEditor() {
  const params = useParams();
  const isNew = params.id === undefined;
  const routeId = params.id ?? '';
  const [search] = useSearchParams();
  const fromUnanswered = search.get('fromUnanswered');
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useAuth();
  const [form] = Form.useForm<TopicFormValues>();
  const [detail, setDetail] = useState<TopicDetail>();
  const [loadError, setLoadError] = useState<{ text: string; status?: number }>();
  const [baseVersion, setBaseVersion] = useState<number>();
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [conflict, setConflict] = useState<Conflict>();
  const [lang, setLang] = useState<Lang>('vi');
  const [versionsKey, setVersionsKey] = useState(0);
  const locals = useApi<LocalDetails>('/faq/local-details');
  const watched = Form.useWatch([], form) as Partial<TopicFormValues> | undefined;
  const content = toContent(watched ?? {});

  /** Shows a version in the form and makes it the base of the next save. */
  const show = useCallback(
    (d: TopicDetail) => {
      setDetail(d);
      setBaseVersion(d.latest.number);
      form.resetFields();
      form.setFieldsValue(toForm(d.latest.content, d.topic.id));
      setDirty(false);
      setConflict(undefined);
      setProblems([]);
    },
    [form],
  );

  const load = useCallback(async () => {
    if (isNew) return;
    try {
      show(await api<TopicDetail>(topicPath(routeId)));
      setLoadError(undefined);
    } catch (err) {
      setLoadError({ text: errorText(err), status: err instanceof ApiError ? err.status : undefined });
    }
  }, [isNew, routeId, show]);

  useEffect(() => {
    if (isNew) form.setFieldsValue(startValues(search.get('question')));
    else void load();
  }, [isNew, load, form, search]);

  /** The server's marks from the last refused save, cleared before the next one (the server judges afresh). */
  const serverMarked = useRef<NonNullable<ReturnType<typeof formFieldOf>>[]>([]);
  const clearServerErrors = () => {
    form.setFields(serverMarked.current.map((name) => ({ name, errors: [] })));
    serverMarked.current = [];
  };

  /** Server validation: each message beside its field where there is one, all of them listed above the form. */
  const showServerErrors = (err: ApiError) => {
    const fields = err.fields ?? [];
    setProblems(fields.length ? fields.map((f) => f.message) : [err.message]);
    const marked = fields.flatMap((f) => {
      const name = formFieldOf(f.path);
      return name ? [{ name, errors: [f.message] }] : [];
    });
    serverMarked.current = marked.map((m) => m.name);
    form.setFields(marked);
  };

  const save = async (base = baseVersion) => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const body = toContent(values);
    const note = values.note?.trim() || undefined;
    setSaving(true);
    setProblems([]);
    clearServerErrors();
    try {
      if (isNew) {
        const newId = values.id ?? '';
        if (fromUnanswered) {
          await api(`/faq/unanswered/${fromUnanswered}/assign`, {
            method: 'POST',
            body: { newTopic: { id: newId, content: body } },
          });
        } else {
          await api<SaveResult>('/faq/topics', { method: 'POST', body: { id: newId, content: body, note } });
        }
        message.success('Đã tạo chủ đề (bản nháp phiên bản 1).');
        navigate(`/faq/${encodeURIComponent(newId)}`, { replace: true });
        return;
      }
      const r = await api<SaveResult>(topicPath(routeId), {
        method: 'PUT',
        body: { baseVersion: base, content: body, note },
      });
      message.success(`Đã lưu bản nháp phiên bản ${r.version.number}.`);
      show({ topic: r.topic, latest: r.version, published: detail?.published ?? null });
      setVersionsKey((k) => k + 1);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409)
        setConflict({ message: err.message, details: err.details as ConflictDetails | undefined });
      else if (err instanceof ApiError && err.status === 400) showServerErrors(err);
      else message.error(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  /** A workflow step (submit, publish, reject, review), then the topic as it now stands. */
  const act = async (path: string, body: Record<string, unknown>, ok: string) => {
    if (!detail) return false;
    try {
      await api(`${topicPath(detail.topic.id)}/${path}`, { method: 'POST', body });
      message.success(ok);
      const fresh = await api<TopicDetail>(topicPath(detail.topic.id));
      if (dirty) setDetail(fresh);
      else show(fresh);
      setVersionsKey((k) => k + 1);
      return true;
    } catch (err) {
      message.error(errorText(err));
      return false;
    }
  };

  const restore = async (number: number) => {
    if (!detail) return;
    try {
      const r = await api<SaveResult>(`${topicPath(detail.topic.id)}/versions/${number}/restore`, {
        method: 'POST',
        body: { baseVersion },
      });
      message.success(`Đã khôi phục phiên bản ${number} thành bản nháp phiên bản ${r.version.number}.`);
      show({ topic: r.topic, latest: r.version, published: detail.published });
      setVersionsKey((k) => k + 1);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409)
        setConflict({ message: err.message, details: err.details as ConflictDetails | undefined });
      else message.error(errorText(err));
    }
  };

  if (loadError) return <LoadError status={loadError.status} error={loadError.text} />;
  if (!isNew && !detail) return <Spin style={{ margin: 48 }} />;
  const editable = can('faq.edit');
  return (
    <>
      <Link to="/faq">
        <ArrowLeftOutlined /> Danh sách chủ đề
      </Link>
      <PageTitle>{isNew ? 'Chủ đề hỏi đáp mới' : `Chủ đề: ${detail?.topic.title ?? ''}`}</PageTitle>
      {detail && (
        <Space direction="vertical" style={{ marginBottom: 16, width: '100%' }}>
          <TopicStatus detail={detail} />
          {detail.latest.rejectReason && detail.latest.status === 'draft' && (
            <Alert
              type="warning"
              showIcon
              message={`Bị trả lại bởi ${detail.latest.rejectedBy?.displayName ?? 'người duyệt'}: ${detail.latest.rejectReason}`}
            />
          )}
          <TopicActions detail={detail} dirty={dirty} act={act} />
        </Space>
      )}
      {conflict && detail && (
        <ConflictNotice
          topicId={detail.topic.id}
          conflict={conflict}
          mine={content}
          onTakeTheirs={show}
          onKeepMine={(latest) => {
            setDetail(latest);
            setBaseVersion(latest.latest.number);
            setConflict(undefined);
            void save(latest.latest.number);
          }}
        />
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="faq-save-errors"
          style={{ marginBottom: 16 }}
          message="Chưa lưu được:"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      <Row gutter={24}>
        <Col xs={24} xl={14}>
          <Card
            title="Nội dung"
            extra={
              editable && (
                <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()}>
                  {isNew ? 'Tạo chủ đề' : 'Lưu bản nháp'}
                </Button>
              )
            }
          >
            <Form<TopicFormValues>
              form={form}
              layout="vertical"
              disabled={!editable}
              onValuesChange={() => setDirty(true)}
              data-testid="faq-editor"
            >
              <TopicForm
                form={form}
                isNew={isNew}
                lang={lang}
                onLangChange={setLang}
                localValues={locals.data?.values ?? {}}
                topicId={detail?.topic.id}
              />
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="Xem trước trên Zalo" style={{ position: 'sticky', top: 16 }}>
            <AnswerPreview content={content} lang={lang} onLangChange={setLang} />
          </Card>
        </Col>
      </Row>
      {detail && (
        <Card title="Các phiên bản" style={{ marginTop: 24 }}>
          <TopicVersions
            topicId={detail.topic.id}
            refreshKey={versionsKey}
            latestVersion={detail.latest.number}
            canRestore={editable}
            onRestore={restore}
          />
        </Card>
      )}
    </>
  );
}
