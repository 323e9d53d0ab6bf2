import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import type { Database } from '../../src/db/client.ts';
import type { Config } from '../../src/config.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { ZaloClient } from '../../src/zalo/zalo.client.ts';
import { FixedAccessTokens } from '../../src/zalo/token.service.ts';
import type { Actor, SenderDeps } from '../../src/broadcasts/broadcasts.deps.ts';
import type { ImageProbe } from '../../src/broadcasts/content.limits.ts';
import { testConfig } from '../helpers/app.ts';
import { optOutFooters } from '../../src/broadcasts/broadcasts.module.ts';

export const editor = (unitCode = 'so-noi-vu'): Actor => ({
  id: randomUUID(),
  username: 'bientap',
  role: 'editor',
  unitCode,
});
export const approver = (): Actor => ({
  id: randomUUID(),
  username: 'duyet',
  role: 'approver',
  unitCode: 'so-noi-vu',
});

/** n followers fake-user-000001…; every 10th opted out; areas cycle over the given codes; languages vi/km. */
export async function seedFollowers(
  database: Database,
  n: number,
  opts: { areas?: string[]; optOutEvery?: number; followedAt?: string; prefix?: string } = {},
) {
  const areas = opts.areas ?? ['phuong-vinh-chau', 'phuong-vinh-phuoc'];
  const every = opts.optOutEvery ?? 0;
  const areaArray = sql`array[${sql.join(
    areas.map((a) => sql`${a}`),
    sql`, `,
  )}]::text[]`;
  await database.db
    .execute(sql`insert into followers (zalo_user_id, language, area_code, tags, opted_out, following, followed_at)
    select ${opts.prefix ?? 'fake-user-'} || lpad(g::text, 6, '0'),
      case when g % 5 = 0 then 'km' else 'vi' end,
      (${areaArray})[1 + (g % ${areas.length})],
      case when g % 3 = 0 then array['topic:de-an-06']::text[] else '{}'::text[] end,
      ${every > 0 ? sql`g % ${every} = 0` : sql`false`},
      true, ${opts.followedAt ?? '2025-01-10T00:00:00Z'}::timestamptz
    from generate_series(1, ${n}) g`);
}

export interface Harness {
  deps: SenderDeps;
  clock: FakeClock;
  config: Config;
}

export const imageOk: ImageProbe = async () => ({ status: 200, contentType: 'image/png' });

export function harness(
  database: Database,
  zaloUrl: string,
  overrides: Record<string, string> = {},
  probe: ImageProbe = imageOk,
): Harness {
  const config = testConfig({
    ZALO_API_BASE: zaloUrl,
    BROADCAST_RATE_PER_SECOND: '5000',
    PUBLIC_BASE_URL: 'https://cchc.example.vn',
    ...overrides,
  });
  const clock = new FakeClock(new Date('2025-05-05T02:00:00Z')); // 09:00 in Asia/Ho_Chi_Minh
  const logger = pino({ level: 'silent' });
  const messenger = new ZaloClient({
    config,
    tokens: new FixedAccessTokens('fake-access-0'),
    logger,
    retry: { attempts: 1 },
  });
  const deps = {
    db: database.db,
    clock,
    logger,
    config,
    messenger,
    promotionQuota: () => messenger.getPromotionQuota(),
    probeImage: probe,
    optOutFooter: optOutFooters('./content'),
  };
  return { deps, clock, config };
}
