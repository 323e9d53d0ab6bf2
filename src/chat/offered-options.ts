import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { offeredOptions, type OfferedOption } from './chat.schema.ts';

/** A number typed more than a day after the options were offered is read as plain text again. */
export const OFFERED_OPTIONS_TTL_MS = 24 * 3_600_000;

/** Remembers the numbered options a plain-text fallback offered; the next fallback replaces them. */
export async function rememberOfferedOptions(
  db: Db,
  zaloUserId: string,
  options: OfferedOption[],
  at: Date,
): Promise<void> {
  if (options.length === 0) {
    await forgetOfferedOptions(db, zaloUserId);
    return;
  }
  await db
    .insert(offeredOptions)
    .values({ zaloUserId, options, offeredAt: at })
    .onConflictDoUpdate({ target: offeredOptions.zaloUserId, set: { options, offeredAt: at } });
}

/**
 * A reply of a later turn (queued after the options were offered) reached the citizen: the numbered list is no
 * longer the last thing they saw, so a number typed now is not a choice among those options.
 */
export async function forgetOfferedOptions(db: Db, zaloUserId: string, queuedAt?: Date): Promise<void> {
  const mine = eq(offeredOptions.zaloUserId, zaloUserId);
  await db.delete(offeredOptions).where(queuedAt ? and(mine, lt(offeredOptions.offeredAt, queuedAt)) : mine);
}

/** "2", " 2.", "２" → 2; anything else → undefined. */
export function parseOptionNumber(text: string): number | undefined {
  const m = /^\s*([0-9０-９]{1,2})\s*[.)]?\s*$/.exec(text.normalize('NFKC'));
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 ? n : undefined;
}

/**
 * When the citizen types the number of an option a fallback offered (within the TTL), the payload that option's
 * button would have sent; otherwise the text unchanged.
 */
export async function resolveOfferedNumber(
  db: Db,
  zaloUserId: string,
  text: string,
  now: Date,
): Promise<string> {
  const n = parseOptionNumber(text);
  if (n === undefined) return text;
  const [row] = await db
    .select({ options: offeredOptions.options })
    .from(offeredOptions)
    .where(
      and(
        eq(offeredOptions.zaloUserId, zaloUserId),
        gt(offeredOptions.offeredAt, new Date(now.getTime() - OFFERED_OPTIONS_TTL_MS)),
      ),
    );
  return row?.options[n - 1]?.payload ?? text;
}
