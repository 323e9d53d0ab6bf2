import { notDemo } from '../demo/demo.registry.ts';
import { sql, type SQL } from 'drizzle-orm';
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { calendarDay } from '../http/input.ts';
import type { Config } from '../config.ts';
import { rowsOf, type Db } from '../db/client.ts';
import {
  followerAudienceWhere,
  followerF,
  followersAsF,
  inFreeReplyWindowSql,
  newsConsentSql,
  newsThemeWhere,
} from '../followers/followers.api.ts';
import type { SegmentFilter } from './broadcasts.schema.ts';

const day = calendarDay;

/** A segment as the console sends it; every list is "any of". Topics are opt-in tags named `topic:<theme>`. */
export const segmentSchema = z
  .object({
    areas: z.array(z.string().min(1)).max(500).optional(),
    tags: z.array(z.string().min(1)).max(50).optional(),
    languages: z.array(z.enum(['vi', 'km', 'en'])).optional(),
    followedFrom: day.optional(),
    followedTo: day.optional(),
    topics: z.array(z.string().min(1)).max(50).optional(),
  })
  .strict()
  .refine((s) => !s.followedFrom || !s.followedTo || s.followedFrom <= s.followedTo, {
    message: 'Khoảng ngày theo dõi không hợp lệ (ngày bắt đầu sau ngày kết thúc)',
    path: ['followedTo'],
  });

/** The local (Asia/Ho_Chi_Minh) day and month a send counts toward for the optional own per-follower cap. */
export function quotaPeriod(now: Date, timeZone: string): { day: string; month: string } {
  const d = new TZDate(now.getTime(), timeZone);
  const month = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  return { month, day: `${month}-${String(d.getDate()).padStart(2, '0')}` };
}

/**
 * Who a send of an item on `themeCode` targets: the segment's followers, minus demo followers (demo:seed: not
 * people, a real broadcast never plans a delivery to them) and minus those who chose only other news themes. The
 * preview counts and the planner sends with this one condition, so what was counted is what is sent. SQL over
 * `followersAsF`, before consent and quota.
 */
export function audienceWhere(s: SegmentFilter, themeCode: string | null | undefined): SQL {
  return sql`${followerAudienceWhere(s)} and ${notDemo('followers', followerF.zaloUserId)} and ${newsThemeWhere(themeCode)}`;
}

/** Whether the follower wrote recently enough that a free consultation message may carry the item instead. */
export function inWindow(config: Config, now: Date, useConsultation: boolean): SQL {
  if (!useConsultation || !config.BROADCAST_CS_IN_WINDOW) return sql`false`;
  const since = new Date(now.getTime() - config.FREE_REPLY_WINDOW_HOURS * 3600_000);
  return inFreeReplyWindowSql(since, config.FREE_REPLY_LIMIT);
}

/** Promotion messages this month/day per follower (a row that may have reached Zalo counts). */
export function quotaUsed(month: string, dayKey: string): SQL {
  return sql`(select d.zalo_user_id, count(*)::int as m, (count(*) filter (where d.quota_day = ${dayKey}))::int as d
    from broadcast_deliveries d
    where d.quota_month = ${month} and d.message_kind = 'promotion'
      and (d.status <> 'failed' or d.error_reason = 'outcome_unknown')
    group by d.zalo_user_id)`;
}

/** The own per-follower cap (BROADCAST_PER_DAY/MONTH) when configured; no condition otherwise. */
export function underQuota(config: Config): SQL {
  const parts: SQL[] = [];
  if (config.BROADCAST_PER_MONTH !== undefined)
    parts.push(sql`coalesce(u.m, 0) < ${config.BROADCAST_PER_MONTH}`);
  if (config.BROADCAST_PER_DAY !== undefined) parts.push(sql`coalesce(u.d, 0) < ${config.BROADCAST_PER_DAY}`);
  return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

export interface AudiencePreview {
  /** Followers matching the segment (following the OA). */
  matched: number;
  /** Of those, opted out or without consent to broadcasts. */
  excludedOptOut: number;
  /** Of the consenting, over the own per-follower cap, when one is configured (and not in the free window). */
  excludedQuota: number;
  /** Will get the item as a free consultation message (inside the reply window). */
  viaConsultation: number;
  /** Will receive it: matched − excluded. */
  audience: number;
}

/** Counts a segment before scheduling, with the same conditions the planner uses at send time. */
export async function previewAudience(
  deps: { db: Db; config: Config },
  segment: SegmentFilter,
  at: Date,
  useConsultation = true,
  themeCode?: string | null,
): Promise<AudiencePreview> {
  const { month, day: dayKey } = quotaPeriod(at, deps.config.TZ_APP);
  const rows = await deps.db.execute<Record<string, number>>(sql`
    select count(*)::int as matched,
      (count(*) filter (where not ${newsConsentSql}))::int as excluded_opt_out,
      (count(*) filter (where ${newsConsentSql} and not ${inWindow(deps.config, at, useConsultation)} and not ${underQuota(deps.config)}))::int as excluded_quota,
      (count(*) filter (where ${newsConsentSql} and ${inWindow(deps.config, at, useConsultation)}))::int as via_cs
    from ${followersAsF} left join ${quotaUsed(month, dayKey)} u on u.zalo_user_id = ${followerF.zaloUserId}
    where ${audienceWhere(segment, themeCode)}`);
  const r: Record<string, number> = rowsOf<Record<string, number>>(rows)[0] ?? {};
  const matched = Number(r.matched ?? 0);
  const excludedOptOut = Number(r.excluded_opt_out ?? 0);
  const excludedQuota = Number(r.excluded_quota ?? 0);
  return {
    matched,
    excludedOptOut,
    excludedQuota,
    viaConsultation: Number(r.via_cs ?? 0),
    audience: matched - excludedOptOut - excludedQuota,
  };
}
