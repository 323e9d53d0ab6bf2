import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { drawQuestions, scoreAttempt, type BankQuestion } from './quiz.draw.ts';
import {
  bankQuestions,
  findAttemptWithContext,
  findCampaign,
  findParticipant,
  findRound,
  findRoundForStart,
  insertAttemptIfAllowed,
  isUniqueViolation,
  listRounds,
  questionsByIds,
  type Attempt,
  type Campaign,
  type Round,
} from './quiz.repository.ts';
import type { QuestionCache, RoundCache, StartedAttempt, StartedAttempts } from './quiz.cache.ts';
import { quizAttempts, quizCampaigns, quizParticipants, type GivenAnswer } from './quiz.schema.ts';

/** What the quiz services need; passed in so tests use a real database and a FakeClock. */
export interface QuizDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Optional in-memory caches (the app passes them); without them every call reads the database. */
  questions?: QuestionCache;
  rounds?: RoundCache;
  started?: StartedAttempts;
}

function questionsOf(deps: QuizDeps, bank: string, ids: string[]) {
  return deps.questions ? deps.questions.byIds(bank, ids) : questionsByIds(deps.db, ids);
}

function activeQuestionsOf(deps: QuizDeps, bank: string): Promise<BankQuestion[]> {
  return deps.questions ? deps.questions.active(bank) : bankQuestions(deps.db, bank);
}

function roundOf(deps: QuizDeps, roundId: string) {
  return deps.rounds ? deps.rounds.get(roundId) : findRound(deps.db, roundId);
}

/** Drops the cached contest configuration after an organiser's edit (this instance at once, others within the TTL). */
export function contestChanged(deps: QuizDeps): void {
  deps.rounds?.invalidate();
}

function rememberStarted(deps: QuizDeps, attempt: Omit<StartedAttempt, 'zaloUserId'>, zaloUserId: string) {
  deps.started?.remember({
    id: attempt.id,
    zaloUserId,
    roundId: attempt.roundId,
    attemptNo: attempt.attemptNo,
    startedAt: attempt.startedAt,
    deadlineAt: attempt.deadlineAt,
    questions: attempt.questions,
  });
}

const notFound = (what: string) =>
  new AppError('not_found', `${what} not found`, 'Không tìm thấy cuộc thi hoặc lượt thi này.');

/** The moment answers may be shown: after the round closed and the last late submit could have arrived. */
export function resultsOpenAt(round: Round, campaign: Campaign): Date {
  return new Date(round.closesAt.getTime() + campaign.graceSeconds * 1000);
}

export function roundStatus(round: Round, now: Date): 'upcoming' | 'open' | 'closed' {
  if (now < round.opensAt) return 'upcoming';
  return now < round.closesAt ? 'open' : 'closed';
}

const VISIBLE_DAYS = 30 * 86_400_000;

/**
 * Campaigns people can see in the mini-app: running, starting within 30 days, or ended within 30 days (so that
 * participants can still read their answers and the published results).
 */
export async function listOpenCampaigns(deps: QuizDeps) {
  const now = deps.clock.now();
  const soon = new Date(now.getTime() + VISIBLE_DAYS);
  const recent = new Date(now.getTime() - VISIBLE_DAYS);
  const rows = await deps.db
    .select()
    .from(quizCampaigns)
    .where(
      and(
        eq(quizCampaigns.active, 1),
        gte(quizCampaigns.endsAt, recent),
        sql`${quizCampaigns.startsAt} <= ${soon}`,
      ),
    )
    .orderBy(asc(quizCampaigns.startsAt));
  return Promise.all(
    rows.map(async (c) => {
      const rounds = await listRounds(deps.db, c.id);
      const current =
        rounds.find((r) => roundStatus(r, now) === 'open') ??
        rounds.find((r) => r.opensAt > now) ??
        rounds.at(-1);
      return {
        id: c.id,
        title: c.title,
        audience: c.audience,
        startsAt: c.startsAt,
        endsAt: c.endsAt,
        currentRound: current ? publicRound(current, c, now) : null,
      };
    }),
  );
}

function publicRound(r: Round, c: Campaign, now: Date) {
  return {
    id: r.id,
    no: r.no,
    title: r.title,
    opensAt: r.opensAt,
    closesAt: r.closesAt,
    status: roundStatus(r, now),
    resultsAvailable: now >= resultsOpenAt(r, c),
    published: r.publishedAt !== null,
  };
}

/** Everything the contest screens need about a campaign and the caller's place in it; no question data. */
export async function getCampaignView(deps: QuizDeps, campaignId: string, zaloUserId: string) {
  const c = await findCampaign(deps.db, campaignId);
  if (!c || !c.active) throw notFound('campaign');
  const now = deps.clock.now();
  const rounds = await listRounds(deps.db, c.id);
  const participant = await findParticipant(deps.db, c.id, zaloUserId);
  const attempts = participant
    ? await deps.db
        .select()
        .from(quizAttempts)
        .where(eq(quizAttempts.participantId, participant.id))
        .orderBy(asc(quizAttempts.startedAt))
    : [];
  return {
    campaign: {
      id: c.id,
      title: c.title,
      audience: c.audience,
      rules: c.rules,
      source: c.source,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      questionsPerRound: c.questionsPerRound,
      timeLimitSeconds: c.timeLimitSeconds,
      attemptsPerRound: c.attemptsPerRound,
      prediction: c.prediction,
      registration: c.registration,
      consentText: c.consentText,
      consentVersion: c.consentVersion,
    },
    rounds: rounds.map((r) => publicRound(r, c, now)),
    me: {
      registered: Boolean(participant),
      registration: participant?.registration ?? null,
      attempts: attempts.map((a) => attemptSummary(a, now)),
    },
    serverNow: now,
  };
}

function attemptSummary(a: Attempt, now: Date) {
  return {
    id: a.id,
    roundId: a.roundId,
    attemptNo: a.attemptNo,
    status: a.status === 'active' && now > a.deadlineAt ? 'expired' : a.status,
    startedAt: a.startedAt,
    deadlineAt: a.deadlineAt,
    submittedAt: a.submittedAt,
    score: a.score,
    total: a.questions.length,
    durationMs: a.durationMs,
    prediction: a.prediction,
  };
}

/** Registration answers by field key; checked against the campaign's own field list. */
export interface RegistrationInput {
  answers: Record<string, string>;
  consent: boolean;
  consentVersion: string;
}

const phonePattern = /^(0|\+?84)\d{9}$/;

/** Registers (or corrects the registration of) the caller: one identity per Zalo user per campaign. */
export async function register(
  deps: QuizDeps,
  campaignId: string,
  zaloUserId: string,
  input: RegistrationInput,
) {
  const c = await findCampaign(deps.db, campaignId);
  if (!c || !c.active) throw notFound('campaign');
  if (deps.clock.now() > c.endsAt) throw new AppError('gone', 'campaign over', 'Cuộc thi đã kết thúc.');
  if (!input.consent) {
    throw new AppError(
      'bad_request',
      'no consent',
      'Bạn cần đồng ý với việc xử lý dữ liệu cá nhân để tham gia.',
    );
  }
  if (input.consentVersion !== c.consentVersion) {
    throw new AppError(
      'conflict',
      'consent version changed',
      'Nội dung đồng ý đã được cập nhật. Vui lòng đọc lại và xác nhận.',
    );
  }
  const registration = checkRegistration(c, input.answers);
  const now = deps.clock.now();
  const values = {
    campaignId: c.id,
    zaloUserId,
    registration,
    commune: registration.commune ?? null,
    unit: registration.unit ?? null,
    consentAt: now,
    consentVersion: c.consentVersion,
  };
  const [row] = await deps.db
    .insert(quizParticipants)
    .values(values)
    .onConflictDoUpdate({
      target: [quizParticipants.campaignId, quizParticipants.zaloUserId],
      set: {
        registration,
        commune: values.commune,
        unit: values.unit,
        consentAt: now,
        consentVersion: c.consentVersion,
      },
    })
    .returning({ id: quizParticipants.id });
  return { participantId: row!.id, registration };
}

function checkRegistration(c: Campaign, answers: Record<string, string>): Record<string, string> {
  const fields = c.registration.fields;
  const problems: { path: string; message: string }[] = [];
  const out: Record<string, string> = {};
  for (const key of Object.keys(answers)) {
    if (!fields.some((f) => f.key === key))
      problems.push({ path: key, message: 'Trường này không có trong mẫu đăng ký.' });
  }
  for (const f of fields) {
    const value = (answers[f.key] ?? '').normalize('NFC').trim();
    if (!value) {
      if (f.required) problems.push({ path: f.key, message: `Vui lòng nhập ${f.label.toLowerCase()}.` });
      continue;
    }
    if (value.length > 200) problems.push({ path: f.key, message: `${f.label} quá dài.` });
    if (f.key === 'phone' && !phonePattern.test(value.replace(/[\s.-]/g, '')))
      problems.push({ path: f.key, message: 'Số điện thoại không hợp lệ (ví dụ 0912345678).' });
    out[f.key] = f.key === 'phone' ? value.replace(/[\s.-]/g, '') : value;
  }
  if (problems.length > 0) {
    throw new AppError('validation', 'registration invalid', 'Thông tin đăng ký chưa đúng.', {
      fields: problems,
    });
  }
  return out;
}

/** The participant's view of a started attempt: questions in the drawn option order, never the answer key. */
async function attemptForParticipant(
  deps: QuizDeps,
  attempt: Pick<Attempt, 'id' | 'roundId' | 'attemptNo' | 'startedAt' | 'deadlineAt' | 'questions'>,
  campaign: Campaign,
) {
  const questions = await questionsOf(
    deps,
    campaign.bank,
    attempt.questions.map((q) => q.questionId),
  );
  const byId = new Map(questions.map((q) => [q.id, q]));
  return {
    id: attempt.id,
    roundId: attempt.roundId,
    attemptNo: attempt.attemptNo,
    startedAt: attempt.startedAt,
    deadlineAt: attempt.deadlineAt,
    graceSeconds: campaign.graceSeconds,
    serverNow: deps.clock.now(),
    questions: attempt.questions.map((d) => {
      const q = byId.get(d.questionId)!;
      return {
        id: q.id,
        type: q.type,
        topic: q.topic,
        text: q.text,
        options: d.order.map((i) => q.options[i]!),
      };
    }),
    prediction: campaign.prediction,
  };
}

/**
 * Starts (or resumes) an attempt with the server's clock. One active attempt per participant and round is held by a
 * partial unique index; attempt numbers are unique per participant and round, which caps attempts even under races.
 */
export async function startAttempt(deps: QuizDeps, roundId: string, zaloUserId: string) {
  const known = await roundOf(deps, roundId);
  if (!known || !known.campaign.active) throw notFound('round');
  const { round, campaign } = known;
  const now = deps.clock.now();
  checkRoundOpen(round, now);
  const questions = drawQuestions(
    await drawableBank(deps, campaign),
    campaign.draw.byTopic,
    campaign.questionsPerRound,
  );
  const deadlineAt = deadlineFor(now, campaign, round);
  const inserted = await insertAttemptIfAllowed(deps.db, {
    campaignId: campaign.id,
    roundId: round.id,
    zaloUserId,
    attemptsPerRound: campaign.attemptsPerRound,
    startedAt: now,
    deadlineAt,
    questions,
  }).catch((err: unknown) => {
    if (isUniqueViolation(err)) return undefined; // a concurrent start won: the full path below hands it back
    throw err;
  });
  if (inserted) {
    const attempt = { ...inserted, roundId: round.id, startedAt: now, deadlineAt, questions };
    rememberStarted(deps, attempt, zaloUserId);
    return attemptForParticipant(deps, attempt, campaign);
  }
  return startAttemptFully(deps, roundId, zaloUserId);
}

/** The time limit from the start, never past the round's close. */
function deadlineFor(now: Date, campaign: Campaign, round: Round): Date {
  return new Date(Math.min(now.getTime() + campaign.timeLimitSeconds * 1000, round.closesAt.getTime()));
}

function checkRoundOpen(round: Round, now: Date) {
  if (now < round.opensAt) throw new AppError('conflict', 'round not open', 'Vòng thi chưa mở.');
  if (now >= round.closesAt) throw new AppError('gone', 'round closed', 'Vòng thi đã kết thúc.');
}

async function drawableBank(deps: QuizDeps, campaign: Campaign): Promise<BankQuestion[]> {
  const bank = await activeQuestionsOf(deps, campaign.bank);
  if (bank.length < campaign.questionsPerRound) {
    deps.logger.error({ campaign: campaign.id, bank: bank.length }, 'quiz bank too small for the draw');
    throw new AppError('unavailable', 'bank too small', 'Đề thi chưa sẵn sàng. Vui lòng thử lại sau.');
  }
  return bank;
}

/**
 * Every case of a start, reading the round, the registration and the person's attempts afresh: not registered,
 * resuming the active attempt, expiring a stale one, no attempts left, or a start that lost a race.
 */
async function startAttemptFully(deps: QuizDeps, roundId: string, zaloUserId: string) {
  const found = await findRoundForStart(deps.db, roundId, zaloUserId);
  if (!found || !found.campaign.active) throw notFound('round');
  const { round, campaign, participant, attempts: existing } = found;
  const now = deps.clock.now();
  checkRoundOpen(round, now);
  if (!participant) throw new AppError('forbidden', 'not registered', 'Bạn cần đăng ký trước khi dự thi.');
  const active = existing.find((a) => a.status === 'active');
  if (active && now.getTime() <= active.deadlineAt.getTime() + campaign.graceSeconds * 1000) {
    rememberStarted(deps, active, zaloUserId);
    return attemptForParticipant(deps, active, campaign);
  }
  if (active) await expire(deps, active.id);
  if (existing.length >= campaign.attemptsPerRound) {
    throw new AppError(
      'conflict',
      'attempts used',
      `Bạn đã dùng hết ${campaign.attemptsPerRound} lượt thi của vòng này.`,
    );
  }
  const bank = await drawableBank(deps, campaign);
  try {
    const [attempt] = await deps.db
      .insert(quizAttempts)
      .values({
        campaignId: campaign.id,
        roundId: round.id,
        participantId: participant.id,
        attemptNo: existing.length + 1,
        status: 'active',
        startedAt: now,
        deadlineAt: deadlineFor(now, campaign, round),
        questions: drawQuestions(bank, campaign.draw.byTopic, campaign.questionsPerRound),
      })
      .returning();
    rememberStarted(deps, attempt!, zaloUserId);
    return attemptForParticipant(deps, attempt!, campaign);
  } catch (err) {
    // A concurrent start by the same person won the race: hand back the attempt it created.
    if (!isUniqueViolation(err)) throw err;
    const [winner] = await deps.db
      .select()
      .from(quizAttempts)
      .where(
        and(
          eq(quizAttempts.participantId, participant.id),
          eq(quizAttempts.roundId, round.id),
          eq(quizAttempts.status, 'active'),
        ),
      );
    if (!winner)
      throw new AppError('conflict', 'start race', 'Bạn vừa bắt đầu một lượt thi khác. Vui lòng thử lại.');
    rememberStarted(deps, winner, zaloUserId);
    return attemptForParticipant(deps, winner, campaign);
  }
}

async function expire(deps: QuizDeps, attemptId: string) {
  await deps.db
    .update(quizAttempts)
    .set({ status: 'expired' })
    .where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.status, 'active')));
}

export interface SubmitInput {
  answers: GivenAnswer[];
  prediction?: number | string | null;
}

/** Checks the tie-break prediction: a whole number inside the campaign's range, or absent when none is asked. */
export function checkPrediction(
  campaign: Pick<Campaign, 'prediction'>,
  raw: SubmitInput['prediction'],
): number | null {
  const cfg = campaign.prediction;
  if (!cfg) return null;
  const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < cfg.min || value > cfg.max) {
    throw new AppError(
      'validation',
      'prediction out of range',
      `Số dự đoán phải là một số nguyên từ ${cfg.min.toLocaleString('vi-VN')} đến ${cfg.max.toLocaleString('vi-VN')}.`,
      { fields: [{ path: 'prediction', message: 'Số dự đoán không hợp lệ.' }] },
    );
  }
  return value;
}

/**
 * Scores a submit on the server. Refused after deadline + grace; a second submit returns the stored result unchanged
 * (the UPDATE only matches an active attempt, so two racing submits cannot both count). An attempt this instance
 * started is scored from memory and saved with that one UPDATE; anything else reads the attempt first.
 */
export async function submitAttempt(
  deps: QuizDeps,
  attemptId: string,
  zaloUserId: string,
  input: SubmitInput,
) {
  const started = deps.started?.find(attemptId);
  if (started && started.zaloUserId === zaloUserId) {
    const known = await roundOf(deps, started.roundId);
    const now = deps.clock.now();
    if (known && now.getTime() <= started.deadlineAt.getTime() + known.campaign.graceSeconds * 1000) {
      const saved = await scoreAndSave(deps, started, known.campaign, input, now);
      if (saved) {
        deps.started?.forget(attemptId);
        return submitResult(saved, known.round, known.campaign, false);
      }
    }
  }
  return submitAttemptFully(deps, attemptId, zaloUserId, input);
}

async function submitAttemptFully(deps: QuizDeps, attemptId: string, zaloUserId: string, input: SubmitInput) {
  const ctx = await findAttemptWithContext(deps.db, attemptId);
  if (!ctx || ctx.participant.zaloUserId !== zaloUserId) throw notFound('attempt');
  const { attempt, campaign, round } = ctx;
  if (attempt.status === 'submitted') return submitResult(attempt, round, campaign, true);
  const now = deps.clock.now();
  if (
    attempt.status === 'expired' ||
    now.getTime() > attempt.deadlineAt.getTime() + campaign.graceSeconds * 1000
  ) {
    deps.started?.forget(attempt.id);
    await expire(deps, attempt.id);
    throw new AppError(
      'gone',
      'submit after deadline',
      'Đã hết thời gian làm bài. Bài nộp sau thời hạn không được chấp nhận.',
    );
  }
  const saved = await scoreAndSave(deps, attempt, campaign, input, now);
  if (!saved) {
    const again = await findAttemptWithContext(deps.db, attempt.id);
    if (again?.attempt.status === 'submitted') return submitResult(again.attempt, round, campaign, true);
    throw new AppError('gone', 'attempt no longer active', 'Lượt thi này không còn hiệu lực.');
  }
  deps.started?.forget(attempt.id);
  return submitResult(saved, round, campaign, false);
}

/** Checks the prediction, scores the answers and saves them; undefined when the attempt was no longer active. */
async function scoreAndSave(
  deps: QuizDeps,
  attempt: Pick<Attempt, 'id' | 'questions' | 'startedAt' | 'deadlineAt'>,
  campaign: Campaign,
  input: SubmitInput,
  now: Date,
) {
  const prediction = checkPrediction(campaign, input.prediction);
  const bank: BankQuestion[] = await questionsOf(
    deps,
    campaign.bank,
    attempt.questions.map((q) => q.questionId),
  );
  const { score } = scoreAttempt(attempt.questions, input.answers, new Map(bank.map((q) => [q.id, q])));
  const durationMs = Math.min(now.getTime(), attempt.deadlineAt.getTime()) - attempt.startedAt.getTime();
  const answers = input.answers.filter((a) => attempt.questions.some((q) => q.questionId === a.questionId));
  const values = { submittedAt: now, answers, score, durationMs, prediction };
  return (await saveSubmit(deps, attempt.id, values))
    ? { ...attempt, ...values, status: 'submitted' as const }
    : undefined;
}

/**
 * Marks the attempt submitted and keeps the participant's best attempt of the round in the leaderboard table, in ONE
 * statement (atomic without a transaction, one round trip). The UPDATE matches only an active attempt, so of two racing
 * submits exactly one returns a row. Best = higher score, then shorter duration, then earlier submit.
 */
async function saveSubmit(
  deps: QuizDeps,
  attemptId: string,
  v: {
    submittedAt: Date;
    answers: GivenAnswer[];
    score: number;
    durationMs: number;
    prediction: number | null;
  },
): Promise<boolean> {
  const result = await deps.db.execute(sql`
    with s as (
      update quiz_attempts
      set status = 'submitted', submitted_at = ${v.submittedAt.toISOString()}::timestamptz,
          answers = ${JSON.stringify(v.answers)}::jsonb, score = ${v.score}, duration_ms = ${v.durationMs},
          prediction = ${v.prediction}
      where id = ${attemptId}::uuid and status = 'active'
      returning *
    ), best as (
      insert into quiz_best_attempts
        (round_id, participant_id, campaign_id, attempt_id, score, duration_ms, prediction, submitted_at)
      select round_id, participant_id, campaign_id, id, score, duration_ms, prediction, submitted_at from s
      on conflict (round_id, participant_id) do update set
        attempt_id = excluded.attempt_id, score = excluded.score, duration_ms = excluded.duration_ms,
        prediction = excluded.prediction, submitted_at = excluded.submitted_at
      where (excluded.score, -excluded.duration_ms, -extract(epoch from excluded.submitted_at))
          > (quiz_best_attempts.score, -quiz_best_attempts.duration_ms, -extract(epoch from quiz_best_attempts.submitted_at))
    )
    select id from s`);
  return rowsOf<{ id: string }>(result).length > 0;
}

function submitResult(
  a: Pick<Attempt, 'id' | 'score' | 'questions' | 'durationMs' | 'submittedAt' | 'prediction'>,
  round: Round,
  campaign: Campaign,
  alreadySubmitted: boolean,
) {
  return {
    attemptId: a.id,
    score: a.score,
    total: a.questions.length,
    durationMs: a.durationMs,
    submittedAt: a.submittedAt,
    prediction: a.prediction,
    alreadySubmitted,
    resultsAt: resultsOpenAt(round, campaign),
  };
}

/**
 * An attempt as its owner may see it. Before the round closes: a summary only. After: every question with the
 * participant's choices, the correct options, the explanation and the source.
 */
export async function getAttemptReview(deps: QuizDeps, attemptId: string, zaloUserId: string) {
  const ctx = await findAttemptWithContext(deps.db, attemptId);
  if (!ctx || ctx.participant.zaloUserId !== zaloUserId) throw notFound('attempt');
  const { attempt, round, campaign } = ctx;
  const now = deps.clock.now();
  const summary = { ...attemptSummary(attempt, now), resultsAt: resultsOpenAt(round, campaign) };
  if (now < resultsOpenAt(round, campaign)) return { ...summary, review: null };
  const questions = new Map(
    (
      await questionsOf(
        deps,
        campaign.bank,
        attempt.questions.map((q) => q.questionId),
      )
    ).map((q) => [q.id, q]),
  );
  const given = new Map((attempt.answers ?? []).map((a) => [a.questionId, a.choices]));
  const review = attempt.questions.map((d) => {
    const q = questions.get(d.questionId)!;
    const correct = d.order.flatMap((bankIndex, display) => (q.correct.includes(bankIndex) ? [display] : []));
    const chosen = [...new Set(given.get(q.id) ?? [])]
      .filter((c) => c >= 0 && c < d.order.length)
      .sort((x, y) => x - y);
    return {
      id: q.id,
      type: q.type,
      text: q.text,
      options: d.order.map((i) => q.options[i]!),
      chosen,
      correct,
      isCorrect: chosen.length === correct.length && chosen.every((c, i) => c === correct[i]),
      explanation: q.explanation,
      source: q.source,
    };
  });
  return { ...summary, review };
}
