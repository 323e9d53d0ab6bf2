import { Router, type Request } from 'express';
import { z } from 'zod';
import { referenceNames } from '../areas/areas.service.ts';
import { permit } from '../console/console.auth.ts';
import { roleHas } from '../console/policy.ts';
import { AppError } from '../http/errors.ts';
import { isoInstant } from '../http/input.ts';
import {
  addRound,
  consoleRow,
  deleteCampaign,
  deleteRound,
  exportOverallXlsx,
  exportRoundXlsx,
  getCampaign,
  listBankQuestions,
  listCampaigns,
  previewDraw,
  saveCampaign,
  submissionsByRound,
  updateRound,
} from './quiz.console.service.ts';
import { importBank } from './quiz.import.ts';
import { periodQuerySchema } from '../lib/report-periods.ts';
import { resolvePlanPeriod } from '../plan/plan.periods.ts';
import { overallRanking, participationStats, publishRound, roundLeaderboard } from './quiz.results.ts';
import { contestChanged, type QuizDeps } from './quiz.deps.ts';
import { campaignInputSchema } from './quiz.validation.ts';
import { scopeAllowsUnit } from '../console/unit-scope.ts';
import {
  assertAnswerKeyOfBank,
  assertAnswerKeyOfContest,
  assertMayOrganise,
  contestInScope,
  roundInScope,
} from './quiz.scope.ts';

/** Records an organiser's act in the console audit log; optional so the quiz module does not own the console's tables. */
export type QuizAudit = (
  req: Request,
  action: string,
  targetType: string,
  targetId: string,
  details?: Record<string, unknown>,
) => Promise<void>;

const uuid = z.uuid();
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/);
const roundBody = z.object({
  no: z.number().int().min(1).max(1000),
  title: z.string().min(1).max(200),
  opensAt: isoInstant,
  closesAt: isoInstant,
});
const importBody = z.object({
  format: z.enum(['xlsx', 'csv']),
  fileBase64: z.string().min(1).max(8_000_000),
  dryRun: z.boolean().default(false),
});
const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

function param(schema: z.ZodType<string>, value: unknown): string {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('not_found', 'bad id', 'Không tìm thấy nội dung yêu cầu.');
  return parsed.data;
}

const canSeeSensitive = (req: Request) =>
  Boolean(req.staff && roleHas(req.staff.role, 'quiz.participants.sensitive.read'));

function sendXlsx(res: import('express').Response, name: string, data: Buffer) {
  res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('content-disposition', `attachment; filename="${name}"`);
  res.send(data);
}

/** Organiser console API for contests; mounted under /api/console/quiz behind the console's session and CSRF guard. */
export function quizConsoleRoutes(deps: QuizDeps, audit: QuizAudit = async () => undefined): Router {
  const r = Router();
  // Unit rules (quiz.scope.ts): every contest route checks the organiser unit against the staff member's scope.
  const staff = (req: Request) => req.staff!;
  r.get('/campaigns', permit('quiz.results.read'), async (req, res) => {
    const all = await listCampaigns(deps);
    res.json({ campaigns: all.filter((c) => scopeAllowsUnit(staff(req).scope, c.organiserUnit)) });
  });
  r.get('/campaigns/:id', permit('quiz.results.read'), async (req, res) => {
    const c = await contestInScope(deps, staff(req), param(slug, req.params.id));
    res.json(await getCampaign(deps, c.id));
  });
  r.put('/campaigns/:id', permit('quiz.manage'), async (req, res) => {
    const id = param(slug, req.params.id);
    // Scope before the body: another unit's contest is refused whatever was sent.
    await contestInScope(deps, staff(req), id).catch((err: unknown) => {
      if (!(err instanceof AppError && err.code === 'not_found')) throw err; // a new contest
    });
    const input = campaignInputSchema.parse({ ...req.body, id });
    assertMayOrganise(staff(req), input.organiserUnit, input.id);
    const saved = await saveCampaign(deps, input);
    contestChanged(deps);
    await audit(req, 'quiz.campaign.save', 'quiz_campaign', input.id);
    res.json(saved);
  });
  r.delete('/campaigns/:id', permit('quiz.manage'), async (req, res) => {
    const { id } = await contestInScope(deps, staff(req), param(slug, req.params.id));
    const result = await deleteCampaign(deps, id);
    contestChanged(deps);
    await audit(req, 'quiz.campaign.delete', 'quiz_campaign', id, result);
    res.json(result);
  });
  r.post('/campaigns/:id/rounds', permit('quiz.manage'), async (req, res) => {
    const { id } = await contestInScope(deps, staff(req), param(slug, req.params.id));
    const round = await addRound(deps, id, roundBody.parse(req.body));
    contestChanged(deps);
    await audit(req, 'quiz.round.create', 'quiz_round', round.id);
    res.status(201).json(round);
  });
  r.patch('/rounds/:id', permit('quiz.manage'), async (req, res) => {
    const id = param(uuid, req.params.id);
    await roundInScope(deps, staff(req), id);
    const round = await updateRound(deps, id, roundBody.partial().parse(req.body));
    contestChanged(deps);
    await audit(req, 'quiz.round.update', 'quiz_round', id);
    res.json(round);
  });
  r.delete('/rounds/:id', permit('quiz.manage'), async (req, res) => {
    const id = param(uuid, req.params.id);
    await roundInScope(deps, staff(req), id);
    await deleteRound(deps, id);
    contestChanged(deps);
    await audit(req, 'quiz.round.delete', 'quiz_round', id);
    res.status(204).end();
  });
  r.post('/banks/:bank/import', permit('quiz.manage'), async (req, res) => {
    const bank = param(slug, req.params.bank);
    await assertAnswerKeyOfBank(deps, staff(req), bank);
    const body = importBody.parse(req.body);
    const report = await importBank(deps.db, {
      bank,
      format: body.format,
      data: Buffer.from(body.fileBase64, 'base64'),
      dryRun: body.dryRun,
    });
    // A dry run is a check: its answer IS the report, good or bad. A real import with problems is refused (400).
    if (!report.ok && !body.dryRun)
      throw new AppError(
        'validation',
        'import refused',
        `Tệp có ${report.problems.length} lỗi; chưa nhập câu hỏi nào.`,
        { report },
      );
    if (!body.dryRun) deps.questions?.invalidate(bank);
    if (!body.dryRun)
      await audit(req, 'quiz.bank.import', 'quiz_bank', bank, { rows: report.rows, created: report.created });
    res.json({ report });
  });
  r.get('/banks/:bank/questions', permit('quiz.manage'), async (req, res) => {
    const bank = param(slug, req.params.bank);
    await assertAnswerKeyOfBank(deps, staff(req), bank);
    res.json({ questions: await listBankQuestions(deps, bank) });
  });
  r.get('/campaigns/:id/preview', permit('quiz.manage'), async (req, res) => {
    const id = param(slug, req.params.id);
    await assertAnswerKeyOfContest(deps, staff(req), id);
    res.json(await previewDraw(deps, id));
  });
  r.get('/campaigns/:id/participation', permit('quiz.results.read'), async (req, res) => {
    const { id } = await contestInScope(deps, staff(req), param(slug, req.params.id));
    // An official period has the boundaries of the year's approved plan (KH 196's when there is none).
    const period = await resolvePlanPeriod(
      deps.db,
      periodQuerySchema.parse({ period: req.query.period, from: req.query.from, to: req.query.to }),
    );
    res.json({
      ...(await participationStats(deps, id, period)),
      byRound: await submissionsByRound(deps, id),
    });
  });
  r.get('/rounds/:id/leaderboard', permit('quiz.results.read'), async (req, res) => {
    const { limit } = limitQuery.parse(req.query);
    const roundId = param(uuid, req.params.id);
    await roundInScope(deps, staff(req), roundId);
    const board = await roundLeaderboard(deps, roundId, limit);
    const names = await referenceNames(deps.db);
    res.json({
      actual: board.actual,
      round: board.round,
      rows: board.rows.map((row) => consoleRow(board.campaign, row, canSeeSensitive(req), names)),
    });
  });
  r.get('/campaigns/:id/overall', permit('quiz.results.read'), async (req, res) => {
    const contest = await contestInScope(deps, staff(req), param(slug, req.params.id));
    const { campaign, rounds, rows } = await overallRanking(deps, contest.id);
    const names = await referenceNames(deps.db);
    res.json({
      rounds: rounds.map((x) => x.id),
      rows: rows.map((row) => consoleRow(campaign, row, canSeeSensitive(req), names)),
    });
  });
  r.get('/rounds/:id/export.xlsx', permit('quiz.results.read'), async (req, res) => {
    const id = param(uuid, req.params.id);
    await roundInScope(deps, staff(req), id);
    const data = await exportRoundXlsx(deps, id, canSeeSensitive(req));
    await audit(req, 'quiz.results.export', 'quiz_round', id, { sensitive: canSeeSensitive(req) });
    sendXlsx(res, `ket-qua-vong-${id.slice(0, 8)}.xlsx`, data);
  });
  r.get('/campaigns/:id/export.xlsx', permit('quiz.results.read'), async (req, res) => {
    const { id } = await contestInScope(deps, staff(req), param(slug, req.params.id));
    const data = await exportOverallXlsx(deps, id, canSeeSensitive(req));
    await audit(req, 'quiz.results.export', 'quiz_campaign', id, { sensitive: canSeeSensitive(req) });
    sendXlsx(res, `ket-qua-${id}.xlsx`, data);
  });
  r.post('/rounds/:id/publish', permit('quiz.results.publish'), async (req, res) => {
    const id = param(uuid, req.params.id);
    await roundInScope(deps, staff(req), id);
    const round = await publishRound(deps, id, req.staff?.username ?? 'unknown');
    contestChanged(deps);
    await audit(req, 'quiz.results.publish', 'quiz_round', id);
    res.json(round);
  });
  return r;
}
