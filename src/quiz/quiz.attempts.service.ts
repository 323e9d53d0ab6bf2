// Registering for a campaign and starting (or resuming) an attempt: the draw, the deadline, the attempt cap.
import { AppError } from '../http/errors.ts';
import { drawQuestions, type BankQuestion } from './quiz.draw.ts';
import {
  expireAttempt,
  findActiveAttempt,
  findCampaign,
  findRoundForStart,
  insertAttempt,
  insertAttemptIfAllowed,
  isUniqueViolation,
  upsertParticipant,
  type Attempt,
  type Campaign,
  type Round,
} from './quiz.repository.ts';
import {
  activeQuestionsOf,
  notFound,
  questionsOf,
  rememberStarted,
  roundOf,
  type QuizDeps,
} from './quiz.deps.ts';

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
  const row = await upsertParticipant(deps.db, {
    campaignId: c.id,
    zaloUserId,
    registration,
    commune: registration.commune ?? null,
    unit: registration.unit ?? null,
    consentAt: deps.clock.now(),
    consentVersion: c.consentVersion,
  });
  return { participantId: row.id, registration };
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
  if (active) await expireAttempt(deps.db, active.id);
  if (existing.length >= campaign.attemptsPerRound) {
    throw new AppError(
      'conflict',
      'attempts used',
      `Bạn đã dùng hết ${campaign.attemptsPerRound} lượt thi của vòng này.`,
    );
  }
  const bank = await drawableBank(deps, campaign);
  try {
    const attempt = await insertAttempt(deps.db, {
      campaignId: campaign.id,
      roundId: round.id,
      participantId: participant.id,
      attemptNo: existing.length + 1,
      startedAt: now,
      deadlineAt: deadlineFor(now, campaign, round),
      questions: drawQuestions(bank, campaign.draw.byTopic, campaign.questionsPerRound),
    });
    rememberStarted(deps, attempt, zaloUserId);
    return attemptForParticipant(deps, attempt, campaign);
  } catch (err) {
    // A concurrent start by the same person won the race: hand back the attempt it created.
    if (!isUniqueViolation(err)) throw err;
    const winner = await findActiveAttempt(deps.db, participant.id, round.id);
    if (!winner)
      throw new AppError('conflict', 'start race', 'Bạn vừa bắt đầu một lượt thi khác. Vui lòng thử lại.');
    rememberStarted(deps, winner, zaloUserId);
    return attemptForParticipant(deps, winner, campaign);
  }
}
