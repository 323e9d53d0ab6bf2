import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../db/client.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import type { DashboardSources } from './console.integrations.ts';
import type { UnitScope } from './unit-scope.ts';

/** Zalo events that are a citizen writing to the OA (text, image, sticker, link, location, …). */
const inbound = sql`i.event_name like 'user_send_%'`;

/** Restricts a query on followers `f` to the scope's communes; null when the scope sees nothing. */
function areaCondition(scope: UnitScope): SQL | null {
  if (scope.all) return sql`true`;
  const areas = [...scope.areas];
  if (areas.length === 0) return null;
  return sql`f.area_code in (${sql.join(
    areas.map((a) => sql`${a}`),
    sql`, `,
  )})`;
}

/** Local calendar day (YYYY-MM-DD) of an instant in the app's time zone. */
function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);
}

/**
 * The dashboard's chat and content figures, scoped like everything else: a commune's staff count their communes'
 * citizens (by the follower's commune) and their own units' items awaiting approval.
 */
export function dashboardSources(deps: { db: Db; clock: Clock; timeZone: string }): DashboardSources {
  const { db, clock, timeZone } = deps;
  const dayExpr = (column: SQL) => sql`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD')`;
  return {
    async messagesToday(scope) {
      const area = areaCondition(scope);
      if (!area) return 0;
      const today = localDay(clock.now(), timeZone);
      const rows = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from inbox_events i
          left join followers f on f.zalo_user_id = i.zalo_user_id
          where ${inbound} and i.received_at >= (${today}::date::timestamp at time zone ${timeZone}) and ${area}`),
      );
      return Number(rows[0]?.n ?? 0);
    },
    async pendingApprovals(scope) {
      const units = scope.all ? null : [...scope.units];
      if (units && units.length === 0) return 0;
      const unitCond = units
        ? sql`unit_code in (${sql.join(
            units.map((u) => sql`${u}`),
            sql`, `,
          )})`
        : sql`true`;
      const rows = rowsOf<{ n: number }>(
        await db.execute(
          sql`select count(*)::int as n from content_items where status = 'submitted' and ${unitCond}`,
        ),
      );
      return Number(rows[0]?.n ?? 0);
    },
    async dailySeries(scope, days) {
      const area = areaCondition(scope);
      const since = new Date(clock.now().getTime() - days * 86_400_000);
      const messages = area
        ? rowsOf<{ day: string; n: number }>(
            await db.execute(sql`select ${dayExpr(sql`i.received_at`)} as day, count(*)::int as n
              from inbox_events i left join followers f on f.zalo_user_id = i.zalo_user_id
              where ${inbound} and i.received_at >= ${since.toISOString()}::timestamptz and ${area}
              group by 1`),
          )
        : [];
      const follows = area
        ? rowsOf<{ day: string; n: number }>(
            await db.execute(sql`select ${dayExpr(sql`f.followed_at`)} as day, count(*)::int as n
              from followers f where f.followed_at >= ${since.toISOString()}::timestamptz and ${area}
              group by 1`),
          )
        : [];
      const messagesBy = new Map(messages.map((r) => [r.day, Number(r.n)]));
      const followsBy = new Map(follows.map((r) => [r.day, Number(r.n)]));
      // Every day of the window, zeros included, oldest first.
      return Array.from({ length: days }, (_, i) => {
        const date = localDay(new Date(clock.now().getTime() - (days - 1 - i) * 86_400_000), timeZone);
        return {
          date,
          series: { messages: messagesBy.get(date) ?? 0, newFollowers: followsBy.get(date) ?? 0 },
        };
      });
    },
  };
}
