import { Router, type Request } from 'express';
import { z } from 'zod';
import { permit } from '../console/console.auth.ts';
import { AppError } from '../http/errors.ts';
import { int4, int4Id } from '../http/input.ts';
import { topicId } from './knowledge-base.ts';
import { getTopic, listTopics, topicSummary } from './kb.queries.ts';
import {
  createTopic,
  publishVersion,
  rejectVersion,
  restoreVersion,
  reviewTopic,
  saveDraft,
  submitVersion,
  topicVersions,
  versionView,
  type KbActor,
  type KbDeps,
} from './kb.service.ts';
import { assignSchema, assignUnanswered } from './kb.teach.ts';
import { contentProblems } from './kb.validation.ts';
import { renderTopic, topicContentSchema } from './topic-content.ts';

const idParam = z.object({ id: topicId });
const versionNumber = int4({ min: 1, label: 'Phiên bản' });
const note = z.string().trim().max(500, 'Ghi chú tối đa 500 ký tự').optional();
const listQuery = z.object({
  q: z.string().max(200).optional(),
  status: z.enum(['draft', 'submitted', 'published']).optional(),
  lang: z.enum(['km', 'en']).optional(),
  missingLang: z.enum(['km', 'en']).optional(),
  reviewDue: z
    .enum(['1', '0', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  page: int4({ min: 1, label: 'Trang' }).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * Who edits the knowledge base: the role (policy table) and the province unit, whose answers every citizen reads.
 * Returns the actor for the audit log.
 */
function provinceActor(req: Request): KbActor {
  const s = req.staff;
  if (!s) throw new AppError('unauthorized', 'no staff');
  if (!s.scope.all)
    throw new AppError(
      'forbidden',
      'not province unit',
      'Chỉ cán bộ thuộc đơn vị cấp tỉnh được sửa bộ hỏi đáp.',
    );
  return { id: s.id, username: s.username, ip: req.ip ?? null };
}

/** /api/console/faq: the knowledge base in staff hands (issue 17). Thin: parse, call the service, answer. */
export function kbConsoleRoutes(deps: KbDeps): Router {
  const r = Router();
  const answer = async (id: string, rows: Parameters<typeof versionView>[1]) => ({
    topic: await topicSummary(deps, id),
    version: (await versionView(deps.db, rows))[0]!,
  });

  r.get('/topics', permit('faq.read'), async (req, res) => {
    res.json(await listTopics(deps, listQuery.parse(req.query)));
  });
  r.get('/topics/:id', permit('faq.read'), async (req, res) => {
    res.json(await getTopic(deps, idParam.parse(req.params).id));
  });
  r.post('/topics', permit('faq.edit'), async (req, res) => {
    const actor = provinceActor(req);
    const body = z.object({ id: topicId, content: topicContentSchema, note }).parse(req.body);
    const { version } = await createTopic(deps, actor, body);
    res.status(201).json(await answer(body.id, [version]));
  });
  r.put('/topics/:id', permit('faq.edit'), async (req, res) => {
    const actor = provinceActor(req);
    const { id } = idParam.parse(req.params);
    const body = z.object({ baseVersion: versionNumber, content: topicContentSchema, note }).parse(req.body);
    res.json(await answer(id, [await saveDraft(deps, actor, id, body)]));
  });
  r.post('/topics/:id/submit', permit('faq.edit'), async (req, res) => {
    const actor = provinceActor(req);
    const { id } = idParam.parse(req.params);
    const { version } = z.object({ version: versionNumber }).parse(req.body);
    res.json(await answer(id, [await submitVersion(deps, actor, id, version)]));
  });
  r.post('/topics/:id/reject', permit('faq.publish'), async (req, res) => {
    const actor = provinceActor(req);
    const { id } = idParam.parse(req.params);
    const body = z
      .object({ version: versionNumber, reason: z.string().trim().min(1, 'Cần ghi lý do từ chối').max(500) })
      .parse(req.body);
    res.json(await answer(id, [await rejectVersion(deps, actor, id, body.version, body.reason)]));
  });
  r.post('/topics/:id/publish', permit('faq.publish'), async (req, res) => {
    const actor = provinceActor(req);
    const { id } = idParam.parse(req.params);
    const { version } = z.object({ version: versionNumber }).parse(req.body);
    res.json(await answer(id, [await publishVersion(deps, actor, id, version)]));
  });
  r.get('/topics/:id/versions', permit('faq.read'), async (req, res) => {
    res.json({ items: await topicVersions(deps, idParam.parse(req.params).id) });
  });
  r.post('/topics/:id/versions/:number/restore', permit('faq.edit'), async (req, res) => {
    const actor = provinceActor(req);
    const { id, number } = idParam.extend({ number: versionNumber }).parse(req.params);
    const { baseVersion } = z.object({ baseVersion: versionNumber }).parse(req.body);
    res.status(201).json(await answer(id, [await restoreVersion(deps, actor, id, number, baseVersion)]));
  });
  r.post('/topics/:id/review', permit('faq.review'), async (req, res) => {
    const actor = provinceActor(req);
    const { id } = idParam.parse(req.params);
    await reviewTopic(deps, actor, id);
    res.json({ topic: await topicSummary(deps, id) });
  });
  r.post('/preview', permit('faq.read'), async (req, res) => {
    const body = z.object({ content: topicContentSchema, lang: z.enum(['vi', 'km', 'en']) }).parse(req.body);
    const { topic } = renderTopic('preview', body.content, '', deps.content.local());
    const message = deps.content.message(topic, body.lang);
    const text = message.type === 'text' ? message.text : '';
    res.json({
      message: { text, buttons: message.type === 'text' ? (message.buttons ?? []) : [] },
      length: Array.from(text).length,
      limit: 2000,
      problems: contentProblems('preview', body.content, deps.content),
    });
  });
  r.get('/local-details', permit('faq.read'), (_req, res) => {
    res.json({ values: deps.content.local() });
  });
  r.post('/unanswered/:id/assign', permit('faq.edit'), async (req, res) => {
    const actor = provinceActor(req);
    const { id } = z.object({ id: int4Id }).parse(req.params);
    const result = await assignUnanswered(deps, actor, id, assignSchema.parse(req.body));
    if (result.status === 'out_of_scope') return void res.json(result);
    const [version] = await versionView(deps.db, [result.version]);
    res.status(result.created ? 201 : 200).json({ status: result.status, topicId: result.topicId, version });
  });
  return r;
}
