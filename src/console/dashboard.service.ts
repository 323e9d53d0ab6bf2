import { gte, sql } from 'drizzle-orm';
import type { ConsoleDeps } from './console.deps.ts';
import type { DashboardSources } from './console.integrations.ts';
import type { UnitScope } from './unit-scope.ts';
import { auditLog } from './console.schema.ts';

const CHART_DAYS = 14;

/** A figure whose module is missing or failing is null (shown as "—"): one broken source never blanks the dashboard. */
async function figure<T>(
  deps: ConsoleDeps,
  name: string,
  source: ((s: UnitScope) => Promise<T>) | undefined,
  scope: UnitScope,
): Promise<T | null> {
  if (!source) return null;
  try {
    return await source(scope);
  } catch (err) {
    deps.logger.warn({ err, figure: name }, 'dashboard figure failed');
    return null;
  }
}

export async function dashboardFigures(deps: ConsoleDeps, sources: DashboardSources, scope: UnitScope) {
  const [
    followers,
    messagesToday,
    pendingApprovals,
    unansweredQuestions,
    surveyProgress,
    series,
    consoleActivity,
    faqTopicsOverdue,
  ] = await Promise.all([
    figure(deps, 'followers', sources.followersCount, scope),
    figure(deps, 'messagesToday', sources.messagesToday, scope),
    figure(deps, 'pendingApprovals', sources.pendingApprovals, scope),
    figure(deps, 'unansweredQuestions', sources.unansweredQuestions, scope),
    figure(deps, 'surveyProgress', sources.surveyProgress, scope),
    figure(
      deps,
      'dailySeries',
      sources.dailySeries && ((s: UnitScope) => sources.dailySeries!(s, CHART_DAYS)),
      scope,
    ),
    consoleActivityByDay(deps),
    figure(deps, 'faqTopicsOverdue', sources.faqTopicsOverdue, scope),
  ]);
  return {
    followers,
    messagesToday,
    pendingApprovals,
    unansweredQuestions,
    faqTopicsOverdue,
    surveyProgress,
    surveyTarget: 0.8,
    series,
    consoleActivity,
  };
}

/** Console sign-ins and actions per day (Asia/Ho_Chi_Minh), from the audit log: counts only, no names. */
async function consoleActivityByDay(deps: ConsoleDeps) {
  const since = new Date(deps.clock.now().getTime() - CHART_DAYS * 86_400_000);
  // (a day more than shown: the first shown day starts at local midnight, inside this window)
  const day = sql<string>`to_char(${auditLog.at} at time zone ${deps.config.TZ_APP}, 'YYYY-MM-DD')`;
  const rows = await deps.db
    .select({
      date: day,
      logins: sql<number>`count(*) filter (where ${auditLog.action} = 'login.success')::int`,
      actions: sql<number>`count(*)::int`,
    })
    .from(auditLog)
    .where(gte(auditLog.at, since))
    // By position: the time zone is a bound parameter, so repeating the expression would not match the select list.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  // Every day of the window, zeros included, so the chart's axis does not skip quiet days.
  const byDate = new Map(rows.map((r) => [r.date, r]));
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: deps.config.TZ_APP });
  return Array.from({ length: CHART_DAYS }, (_, i) => {
    const date = dayOf.format(new Date(deps.clock.now().getTime() - (CHART_DAYS - 1 - i) * 86_400_000));
    return byDate.get(date) ?? { date, logins: 0, actions: 0 };
  });
}
