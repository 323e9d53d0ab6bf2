import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { reportYearOf } from '../lib/report-periods.ts';
import { DAY_MS, type DemoKeys, type DemoSeed } from '../demo/demo.port.ts';
import { consentVersion } from './quiz.content.ts';
import {
  quizAttempts,
  quizBestAttempts,
  quizCampaigns,
  quizParticipants,
  quizRounds,
} from './quiz.schema.ts';

/**
 * A labelled contest for the report year (`demo-trinh-dien-<year>`, the registry's key): a round closed three days
 * ago with thirty submitted attempts from `communes`, and a round open today.
 */
export async function seedQuizDemo(
  tx: Tx,
  seed: DemoSeed,
  input: { communes: string[]; organiser: string },
): Promise<{ quizAttempts: number; campaignId: string }> {
  const { now, start, label } = seed;
  const id = `demo-trinh-dien-${reportYearOf(now)}`;
  const [bank] = await tx.select({ bank: quizCampaigns.bank }).from(quizCampaigns).limit(1);
  const consent = `${label} Cuộc thi minh họa: không thu thập dữ liệu thật.`;
  await tx.insert(quizCampaigns).values({
    id,
    title: `${label} Cuộc thi tìm hiểu cải cách hành chính`,
    organiserUnit: input.organiser,
    audience: 'citizen',
    bank: bank?.bank ?? 'demo',
    startsAt: start,
    endsAt: new Date(now.getTime() + 30 * DAY_MS),
    rules: `${label} Thể lệ minh họa.`,
    questionsPerRound: 5,
    draw: { byTopic: {} },
    timeLimitSeconds: 600,
    tieBreak: ['score', 'duration', 'submittedAt'],
    registration: {
      fields: [
        { key: 'fullName', label: 'Họ và tên', required: true, sensitive: false },
        { key: 'commune', label: 'Xã, phường', required: true, sensitive: false },
      ],
    },
    consentText: consent,
    consentVersion: consentVersion(consent),
  });
  const [past] = await tx
    .insert(quizRounds)
    .values([
      {
        campaignId: id,
        no: 1,
        title: `${label} Vòng 1`,
        opensAt: start,
        closesAt: new Date(now.getTime() - 3 * DAY_MS),
      },
      {
        campaignId: id,
        no: 2,
        title: `${label} Vòng 2 (đang mở)`,
        opensAt: new Date(now.getTime() - 3 * DAY_MS + 1000),
        closesAt: new Date(now.getTime() + 14 * DAY_MS),
      },
    ])
    .returning({ id: quizRounds.id });
  let attempts = 0;
  for (let i = 0; i < 30; i++) {
    const commune = input.communes.length > 0 ? input.communes[i % input.communes.length]! : null;
    await seedContestant(tx, seed, { campaignId: id, roundId: past!.id, consent, no: i + 1, commune });
    attempts += 1;
  }
  return { quizAttempts: attempts, campaignId: id };
}

/** One registered contestant with one submitted (and best) attempt in the closed round. */
async function seedContestant(
  tx: Tx,
  seed: DemoSeed,
  c: { campaignId: string; roundId: string; consent: string; no: number; commune: string | null },
): Promise<void> {
  const { now, start, rnd, label } = seed;
  const joined = new Date(start.getTime() + rnd() * (now.getTime() - 4 * DAY_MS - start.getTime()));
  const [p] = await tx
    .insert(quizParticipants)
    .values({
      campaignId: c.campaignId,
      zaloUserId: `demo-quiz-${c.no}`,
      registration: { fullName: `${label} Thí sinh ${c.no}`, commune: c.commune ?? '' },
      commune: c.commune,
      consentAt: joined,
      consentVersion: consentVersion(c.consent),
      createdAt: joined,
    })
    .returning({ id: quizParticipants.id });
  const score = Math.floor(rnd() * 6);
  const durationMs = 60_000 + Math.floor(rnd() * 400_000);
  const submittedAt = new Date(joined.getTime() + durationMs);
  const [a] = await tx
    .insert(quizAttempts)
    .values({
      campaignId: c.campaignId,
      roundId: c.roundId,
      participantId: p!.id,
      attemptNo: 1,
      status: 'submitted',
      startedAt: joined,
      deadlineAt: new Date(joined.getTime() + 600_000),
      questions: [],
      submittedAt,
      answers: [],
      score,
      durationMs,
    })
    .returning({ id: quizAttempts.id });
  await tx.insert(quizBestAttempts).values({
    roundId: c.roundId,
    participantId: p!.id,
    campaignId: c.campaignId,
    attemptId: a!.id,
    score,
    durationMs,
    submittedAt,
  });
}

/** Deletes the demo contests with their rounds, contestants and attempts. */
export async function clearQuizDemo(tx: Tx, keys: DemoKeys): Promise<void> {
  await tx.execute(sql`delete from quiz_best_attempts where campaign_id in (${keys})`);
  await tx.execute(sql`delete from quiz_attempts where campaign_id in (${keys})`);
  await tx.execute(sql`delete from quiz_participants where campaign_id in (${keys})`);
  await tx.execute(sql`delete from quiz_rounds where campaign_id in (${keys})`);
  await tx.execute(sql`delete from quiz_campaigns where id in (${keys})`);
}
