import { eq } from 'drizzle-orm';
import { ConsoleAccessDenied, type StaffPrincipal } from '../console/console.auth.ts';
import { scopeAllowsUnit } from '../console/unit-scope.ts';
import { AppError } from '../http/errors.ts';
import type { QuizDeps } from './quiz.deps.ts';
import { quizCampaigns, quizRounds } from './quiz.schema.ts';

/**
 * Unit rules of the organiser console (issue 19). A contest belongs to its organiser unit:
 * - its rounds, settings and results are for staff whose unit scope includes that unit (a commune's editor
 *   neither reads nor changes a contest Sở Nội vụ organises);
 * - its answer key (bank questions with the correct options, the draw preview) is for admins and the organiser
 *   unit's own staff only, until every round has closed (and the late-submit grace has passed).
 */
interface ContestRef {
  id: string;
  organiserUnit: string;
  graceSeconds: number;
}

const notFound = () => new AppError('not_found', 'no such contest', 'Không tìm thấy nội dung yêu cầu.');

async function campaignRef(deps: QuizDeps, campaignId: string): Promise<ContestRef | undefined> {
  const [row] = await deps.db
    .select({
      id: quizCampaigns.id,
      organiserUnit: quizCampaigns.organiserUnit,
      graceSeconds: quizCampaigns.graceSeconds,
    })
    .from(quizCampaigns)
    .where(eq(quizCampaigns.id, campaignId));
  return row;
}

function assertInScope(staff: StaffPrincipal, c: ContestRef) {
  if (scopeAllowsUnit(staff.scope, c.organiserUnit)) return;
  throw new ConsoleAccessDenied(`contest ${c.id} organised by ${c.organiserUnit}`, {
    targetType: 'quiz_campaign',
    targetId: c.id,
    unitCode: c.organiserUnit,
  });
}

/** The contest, when the staff member's scope covers its organiser unit (unknown ids stay 404 for everyone). */
export async function contestInScope(deps: QuizDeps, staff: StaffPrincipal, campaignId: string) {
  const c = await campaignRef(deps, campaignId);
  if (!c) throw notFound();
  assertInScope(staff, c);
  return c;
}

/** Same, found through one of its rounds. */
export async function roundInScope(deps: QuizDeps, staff: StaffPrincipal, roundId: string) {
  const [round] = await deps.db
    .select({ campaignId: quizRounds.campaignId })
    .from(quizRounds)
    .where(eq(quizRounds.id, roundId));
  if (!round) throw notFound();
  return contestInScope(deps, staff, round.campaignId);
}

/** True once every round of the contest has closed, grace included: then the key is public anyway. */
async function allRoundsClosed(deps: QuizDeps, c: ContestRef): Promise<boolean> {
  const rounds = await deps.db
    .select({ closesAt: quizRounds.closesAt })
    .from(quizRounds)
    .where(eq(quizRounds.campaignId, c.id));
  const now = deps.clock.now().getTime();
  return rounds.every((r) => r.closesAt.getTime() + c.graceSeconds * 1000 <= now);
}

function assertKeyHolder(staff: StaffPrincipal, c: ContestRef, closed: boolean) {
  if (staff.role === 'admin' || staff.unitCode === c.organiserUnit || closed) return;
  throw new ConsoleAccessDenied(`answer key of ${c.id} before its rounds closed`, {
    targetType: 'quiz_answer_key',
    targetId: c.id,
    unitCode: c.organiserUnit,
  });
}

/** The draw preview shows correct options: organiser unit and admins until the contest's rounds have closed. */
export async function assertAnswerKeyOfContest(deps: QuizDeps, staff: StaffPrincipal, campaignId: string) {
  const c = await contestInScope(deps, staff, campaignId);
  assertKeyHolder(staff, c, await allRoundsClosed(deps, c));
}

/**
 * A bank's questions (with correct options) and its import: allowed when the rule above holds for every contest
 * drawing from the bank; a bank no contest uses yet is open to every organiser (quiz.manage).
 */
export async function assertAnswerKeyOfBank(deps: QuizDeps, staff: StaffPrincipal, bank: string) {
  const contests = await deps.db
    .select({
      id: quizCampaigns.id,
      organiserUnit: quizCampaigns.organiserUnit,
      graceSeconds: quizCampaigns.graceSeconds,
    })
    .from(quizCampaigns)
    .where(eq(quizCampaigns.bank, bank));
  // A bank no contest draws from yet holds nobody's key: any organiser may build it.
  for (const c of contests) {
    assertInScope(staff, c);
    assertKeyHolder(staff, c, await allRoundsClosed(deps, c));
  }
}

/** For a new or changed contest: the organiser unit written must be one the staff member may act for. */
export function assertMayOrganise(staff: StaffPrincipal, organiserUnit: string, campaignId: string) {
  assertInScope(staff, { id: campaignId, organiserUnit, graceSeconds: 0 });
}
