// What other modules ask about staff accounts; the table stays the console's own.
import { inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { staff } from './console.schema.ts';

/** Display names of the staff ids given (for "saved by …"). */
export async function staffNames(db: Db | Tx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map();
  const rows = await db
    .select({ id: staff.id, name: staff.displayName })
    .from(staff)
    .where(inArray(staff.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
