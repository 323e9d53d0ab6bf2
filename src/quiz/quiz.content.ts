import { createHash } from 'node:crypto';
import path from 'node:path';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { ContentFileError, listFiles, readYamlFile } from '../lib/yaml-files.ts';
import { quizCampaigns, quizQuestions, quizRounds } from './quiz.schema.ts';
import {
  bankFileSchema,
  campaignInputSchema,
  questionFingerprint,
  questionProblems,
  type CampaignInput,
  type QuestionInput,
} from './quiz.validation.ts';

/** The consent wording's version: a participant's consent names exactly the text they agreed to. */
export function consentVersion(text: string): string {
  return createHash('sha256').update(text.normalize('NFC')).digest('hex').slice(0, 16);
}

/**
 * Upserts a campaign and its rounds (by campaign id and round number). Rounds missing from the input are left alone
 * when they already have attempts, so a config edit can never orphan results.
 */
export async function upsertCampaign(db: Db | Tx, c: CampaignInput): Promise<void> {
  const values = {
    id: c.id,
    title: c.title,
    organiserUnit: c.organiserUnit,
    audience: c.audience,
    bank: c.bank,
    source: c.source ?? null,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    rules: c.rules,
    questionsPerRound: c.questionsPerRound,
    draw: c.draw,
    timeLimitSeconds: c.timeLimitSeconds,
    graceSeconds: c.graceSeconds,
    attemptsPerRound: c.attemptsPerRound,
    prediction: c.prediction ?? null,
    tieBreak: c.tieBreak,
    registration: c.registration,
    consentText: c.consentText,
    consentVersion: consentVersion(c.consentText),
    active: 1,
  };
  const { id: _id, ...update } = values;
  await db
    .insert(quizCampaigns)
    .values(values)
    .onConflictDoUpdate({ target: quizCampaigns.id, set: { ...update, updatedAt: sql`now()` } });
  for (const r of c.rounds) {
    const round = { campaignId: c.id, no: r.no, title: r.title, opensAt: r.opensAt, closesAt: r.closesAt };
    await db
      .insert(quizRounds)
      .values(round)
      .onConflictDoUpdate({
        target: [quizRounds.campaignId, quizRounds.no],
        set: { title: r.title, opensAt: r.opensAt, closesAt: r.closesAt },
      });
  }
}

/** Stored question row from a checked input. */
export function questionRow(bank: string, q: QuestionInput) {
  return {
    bank,
    code: q.code,
    type: q.type as 'single' | 'multiple' | 'truefalse',
    topic: q.topic,
    difficulty: q.difficulty,
    text: q.text.normalize('NFC').trim(),
    options: q.options.map((o) => o.normalize('NFC').trim()),
    correct: [...q.correct].sort((a, b) => a - b),
    explanation: q.explanation.normalize('NFC').trim(),
    source: q.source.normalize('NFC').trim(),
  };
}

/** Upserts questions by (bank, code). With `retireOthers`, questions of the bank not in the list become inactive. */
export async function upsertQuestions(
  db: Db | Tx,
  bank: string,
  questions: QuestionInput[],
  retireOthers: boolean,
) {
  for (const q of questions) {
    const row = questionRow(bank, q);
    const { bank: _b, code: _c, ...update } = row;
    await db
      .insert(quizQuestions)
      .values({ ...row, active: 1 })
      .onConflictDoUpdate({
        target: [quizQuestions.bank, quizQuestions.code],
        set: { ...update, active: 1, updatedAt: sql`now()` },
      });
  }
  if (retireOthers && questions.length > 0) {
    await db
      .update(quizQuestions)
      .set({ active: 0 })
      .where(
        and(
          eq(quizQuestions.bank, bank),
          notInArray(
            quizQuestions.code,
            questions.map((q) => q.code),
          ),
        ),
      );
  }
}

/** Reads every bank and campaign file under content/quiz and checks them all before anything is written. */
export async function readQuizContent(contentDir: string) {
  const dir = path.join(contentDir, 'quiz');
  const bankFiles = await listFiles(path.join(dir, 'banks'), ['.yaml', '.yml']);
  const campaignFiles = await listFiles(path.join(dir, 'campaigns'), ['.yaml', '.yml']);
  const banks = [];
  for (const file of bankFiles) {
    const b = await readYamlFile(file, bankFileSchema);
    const questions: QuestionInput[] = b.questions.map((q) => ({ ...q, code: q.id }));
    const problems = questions.flatMap((q, i) =>
      questionProblems(q).map((p) => `questions.${i} (${q.code}).${p.column}: ${p.message}`),
    );
    const seen = new Map<string, string>();
    for (const q of questions) {
      const key = questionFingerprint(q.text);
      if (seen.has(key)) problems.push(`${q.code}: trùng nội dung với ${seen.get(key)}`);
      seen.set(key, q.code);
    }
    if (new Set(questions.map((q) => q.code)).size !== questions.length) problems.push('mã câu hỏi bị lặp');
    if (problems.length > 0) throw new ContentFileError(file, problems);
    banks.push({ bank: b.bank, questions });
  }
  const campaigns = await Promise.all(campaignFiles.map((f) => readYamlFile(f, campaignInputSchema)));
  return { banks, campaigns };
}

/** Loads content/quiz into the database in one transaction; idempotent (upserts by id). */
export async function loadQuizContent(db: Db, contentDir: string) {
  const { banks, campaigns } = await readQuizContent(contentDir);
  await db.transaction(async (tx) => {
    for (const b of banks) await upsertQuestions(tx, b.bank, b.questions, true);
    for (const c of campaigns) await upsertCampaign(tx, c);
  });
  return {
    banks: banks.length,
    questions: banks.reduce((n, b) => n + b.questions.length, 0),
    campaigns: campaigns.length,
  };
}
