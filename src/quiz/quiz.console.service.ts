import ExcelJS from 'exceljs';
import { referenceNames } from '../areas/areas.service.ts';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { AppError } from '../http/errors.ts';
import { maskPhone } from '../lib/personal-data.ts';
import { upsertCampaign } from './quiz.content.ts';
import { drawQuestions } from './quiz.draw.ts';
import type { RankedEntry } from './quiz.ranking.ts';
import { bankQuestions, findCampaign, listRounds, questionsByIds, type Campaign } from './quiz.repository.ts';
import { fullRoundRanking, overallRanking, type ResultRow } from './quiz.results.ts';
import {
  quizAttempts,
  quizCampaigns,
  quizParticipants,
  quizQuestions,
  quizRounds,
  type RegistrationField,
} from './quiz.schema.ts';
import type { QuizDeps } from './quiz.deps.ts';
import type { CampaignInput } from './quiz.validation.ts';

const campaignNotFound = () => new AppError('not_found', 'campaign not found', 'Không tìm thấy cuộc thi.');
const roundNotFound = () => new AppError('not_found', 'round not found', 'Không tìm thấy vòng thi.');

export async function listCampaigns(deps: QuizDeps) {
  const rows = await deps.db.select().from(quizCampaigns).orderBy(asc(quizCampaigns.startsAt));
  const participants = await deps.db
    .select({ campaignId: quizParticipants.campaignId, n: count() })
    .from(quizParticipants)
    .groupBy(quizParticipants.campaignId);
  const byCampaign = new Map(participants.map((p) => [p.campaignId, p.n]));
  return rows.map((c) => ({ ...c, participants: byCampaign.get(c.id) ?? 0 }));
}

export async function getCampaign(deps: QuizDeps, id: string) {
  const c = await findCampaign(deps.db, id);
  if (!c) throw campaignNotFound();
  return { campaign: c, rounds: await listRounds(deps.db, id) };
}

/** Creates or replaces a campaign (and the rounds it lists) from the console form. */
export async function saveCampaign(deps: QuizDeps, input: CampaignInput) {
  await deps.db.transaction((tx) => upsertCampaign(tx, input));
  return getCampaign(deps, input.id);
}

/** Deletes a campaign nobody joined; one with participants is only hidden, because its results must stay. */
export async function deleteCampaign(deps: QuizDeps, id: string) {
  if (!(await findCampaign(deps.db, id))) throw campaignNotFound();
  const [{ n } = { n: 0 }] = await deps.db
    .select({ n: count() })
    .from(quizParticipants)
    .where(eq(quizParticipants.campaignId, id));
  if (n > 0) {
    await deps.db.update(quizCampaigns).set({ active: 0 }).where(eq(quizCampaigns.id, id));
    return { deleted: false, hidden: true };
  }
  await deps.db.transaction(async (tx) => {
    await tx.delete(quizRounds).where(eq(quizRounds.campaignId, id));
    await tx.delete(quizCampaigns).where(eq(quizCampaigns.id, id));
  });
  return { deleted: true, hidden: false };
}

export interface RoundInput {
  no: number;
  title: string;
  opensAt: Date;
  closesAt: Date;
}

export async function addRound(deps: QuizDeps, campaignId: string, r: RoundInput) {
  if (!(await findCampaign(deps.db, campaignId))) throw campaignNotFound();
  checkWindow(r);
  try {
    const [row] = await deps.db
      .insert(quizRounds)
      .values({ campaignId, ...r })
      .returning();
    return row!;
  } catch {
    throw new AppError('conflict', 'round number taken', `Vòng số ${r.no} đã có.`);
  }
}

function checkWindow(r: { opensAt: Date; closesAt: Date }) {
  if (r.closesAt <= r.opensAt)
    throw new AppError('validation', 'bad window', 'Thời điểm đóng vòng phải sau thời điểm mở.');
}

/** Edits a round; its window cannot change once someone has taken it, so results stay defensible. */
export async function updateRound(deps: QuizDeps, roundId: string, patch: Partial<RoundInput>) {
  const [round] = await deps.db.select().from(quizRounds).where(eq(quizRounds.id, roundId));
  if (!round) throw roundNotFound();
  const next = { ...round, ...patch };
  checkWindow(next);
  const windowChanged =
    next.opensAt.getTime() !== round.opensAt.getTime() ||
    next.closesAt.getTime() !== round.closesAt.getTime();
  if (windowChanged && (await attemptCount(deps, roundId)) > 0)
    throw new AppError(
      'conflict',
      'round has attempts',
      'Vòng thi đã có người dự thi: không đổi được thời gian.',
    );
  const [row] = await deps.db
    .update(quizRounds)
    .set({ title: next.title, no: next.no, opensAt: next.opensAt, closesAt: next.closesAt })
    .where(eq(quizRounds.id, roundId))
    .returning();
  return row!;
}

export async function deleteRound(deps: QuizDeps, roundId: string) {
  if ((await attemptCount(deps, roundId)) > 0)
    throw new AppError('conflict', 'round has attempts', 'Vòng thi đã có người dự thi: không xoá được.');
  const deleted = await deps.db.delete(quizRounds).where(eq(quizRounds.id, roundId)).returning();
  if (deleted.length === 0) throw roundNotFound();
}

async function attemptCount(deps: QuizDeps, roundId: string): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(quizAttempts)
    .where(eq(quizAttempts.roundId, roundId));
  return row?.n ?? 0;
}

/** The bank as organisers review it, answers included (console only). */
export async function listBankQuestions(deps: QuizDeps, bank: string) {
  return deps.db
    .select()
    .from(quizQuestions)
    .where(and(eq(quizQuestions.bank, bank), eq(quizQuestions.active, 1)))
    .orderBy(asc(quizQuestions.topic), asc(quizQuestions.code));
}

/** A sample draw for the campaign, as a participant would get it, with the answers for the organiser to check. */
export async function previewDraw(deps: QuizDeps, campaignId: string) {
  const c = await findCampaign(deps.db, campaignId);
  if (!c) throw campaignNotFound();
  const bank = await bankQuestions(deps.db, c.bank);
  const drawn = drawQuestions(bank, c.draw.byTopic, c.questionsPerRound);
  const full = new Map(
    (
      await questionsByIds(
        deps.db,
        drawn.map((d) => d.questionId),
      )
    ).map((q) => [q.id, q]),
  );
  const byTopic = Object.fromEntries(
    Object.entries(c.draw.byTopic).map(([t, n]) => [
      t,
      { wanted: n, available: bank.filter((q) => q.topic === t).length },
    ]),
  );
  return {
    bankSize: bank.length,
    byTopic,
    questions: drawn.map((d) => {
      const q = full.get(d.questionId)!;
      return {
        code: q.code,
        type: q.type,
        topic: q.topic,
        text: q.text,
        options: d.order.map((i) => q.options[i]!),
        correct: d.order.flatMap((b, i) => (q.correct.includes(b) ? [i] : [])),
        explanation: q.explanation,
        source: q.source,
      };
    }),
  };
}

/** Registration answers as a console user may see them: sensitive fields masked unless their role allows. */
export function visibleRegistration(
  fields: RegistrationField[],
  registration: Record<string, string>,
  canSeeSensitive: boolean,
  names: ReadonlyMap<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    fields.map((f) => {
      const raw = registration[f.key] ?? '';
      // The commune (and a unit chosen from the list) is stored as a code; organisers read and publish names.
      const v = f.key === 'commune' || f.key === 'unit' ? (names.get(raw) ?? raw) : raw;
      return [f.key, f.sensitive && !canSeeSensitive && v ? maskValue(f.key, v) : v];
    }),
  );
}

function maskValue(key: string, value: string): string {
  if (key === 'phone') return maskPhone(value);
  return value.length <= 2
    ? '**'
    : `${value.slice(0, 1)}${'*'.repeat(Math.min(6, value.length - 2))}${value.slice(-1)}`;
}

export function consoleRow(
  c: Campaign,
  r: RankedEntry<ResultRow>,
  canSeeSensitive: boolean,
  names: ReadonlyMap<string, string>,
) {
  return {
    rank: r.rank,
    tied: r.tied,
    participantId: r.entry.participantId,
    attemptId: r.entry.attemptId,
    registration: visibleRegistration(c.registration.fields, r.entry.registration, canSeeSensitive, names),
    score: r.entry.score,
    durationMs: r.entry.durationMs,
    prediction: r.entry.prediction,
    predictionDistance: r.predictionDistance,
    submittedAt: r.entry.submittedAt,
  };
}

/** The results workbook: one sheet, every ranking column, sensitive fields masked unless allowed. */
export async function exportRoundXlsx(
  deps: QuizDeps,
  roundId: string,
  canSeeSensitive: boolean,
): Promise<Buffer> {
  const { round, campaign, actual, rows } = await fullRoundRanking(deps, roundId);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`Vòng ${round.no}`);
  writeSheet(
    ws,
    campaign,
    rows,
    canSeeSensitive,
    { predictionLabel: 'Dự đoán', distanceLabel: `Chênh lệch so với ${actual}` },
    await referenceNames(deps.db),
  );
  ws.addRow([]);
  ws.addRow([`${campaign.title} — ${round.title}`]);
  ws.addRow([
    `Đáp án câu dự đoán (số bài đã nộp): ${actual}. Thứ tự xếp hạng: ${campaign.tieBreak.join(' → ')}.`,
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportOverallXlsx(
  deps: QuizDeps,
  campaignId: string,
  canSeeSensitive: boolean,
): Promise<Buffer> {
  const { campaign, rows } = await overallRanking(deps, campaignId);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Toàn cuộc thi');
  writeSheet(
    ws,
    campaign,
    rows,
    canSeeSensitive,
    { predictionLabel: 'Tổng chênh lệch dự đoán', distanceLabel: '' },
    await referenceNames(deps.db),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function writeSheet(
  ws: ExcelJS.Worksheet,
  c: Campaign,
  rows: RankedEntry<ResultRow>[],
  canSeeSensitive: boolean,
  labels: { predictionLabel: string; distanceLabel: string },
  names: ReadonlyMap<string, string>,
) {
  const fields = c.registration.fields;
  const header = [
    'Hạng',
    'Đồng hạng',
    ...fields.map((f) => f.label),
    'Điểm',
    'Thời gian (giây)',
    labels.predictionLabel,
  ];
  if (labels.distanceLabel) header.push(labels.distanceLabel);
  header.push('Nộp bài lúc', 'Mã người dự thi', 'Mã lượt thi');
  ws.addRow(header).font = { bold: true };
  for (const r of rows) {
    const reg = visibleRegistration(fields, r.entry.registration, canSeeSensitive, names);
    const line: (string | number | Date | null)[] = [
      r.rank,
      r.tied ? 'Có' : '',
      ...fields.map((f) => reg[f.key] ?? ''),
      r.entry.score,
      r.entry.durationMs / 1000,
      r.entry.prediction,
    ];
    if (labels.distanceLabel) line.push(r.predictionDistance);
    line.push(r.entry.submittedAt, r.entry.participantId, r.entry.attemptId);
    ws.addRow(line);
  }
  ws.columns.forEach((col) => {
    col.width = 16;
  });
}

/** Submitted counts per round, for the console's participation chart. */
export async function submissionsByRound(deps: QuizDeps, campaignId: string) {
  return deps.db
    .select({
      roundId: quizAttempts.roundId,
      submissions: sql<number>`count(*)::int`,
      people: sql<number>`count(distinct ${quizAttempts.participantId})::int`,
    })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.campaignId, campaignId), eq(quizAttempts.status, 'submitted')))
    .groupBy(quizAttempts.roundId);
}
