import { and, asc, count, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { followers } from './followers.schema.ts';
import { areaResolver, areaUnderSql, type AreaResolver } from '../areas/areas.service.ts';
import type { FollowerRow, FollowersDirectory } from '../console/console.integrations.ts';

/**
 * Read-only view of the followers table for the console list. The followers module exports no search
 * function yet; when it does, wire that instead and delete this file. Never writes.
 */
const named = (row: FollowerRow, names: AreaResolver): FollowerRow => ({
  ...row,
  areaName: row.areaCode ? names.name(row.areaCode) : 'chưa rõ',
});

export function followersDirectory(db: Db): FollowersDirectory {
  const toRow = (r: typeof followers.$inferSelect): FollowerRow => ({
    id: r.id,
    displayName: r.displayName,
    areaCode: r.areaCode,
    tags: r.tags,
    language: r.language,
    phone: r.phone,
    followedAt: r.followedAt,
    optedOut: r.optedOut,
  });
  return {
    async search(q) {
      const conds: SQL[] = [];
      if (q.q)
        conds.push(ilike(followers.displayName, `%${q.q.normalize('NFC').replace(/[%_\\]/g, '\\$&')}%`));
      // A commune also finds followers stored under the communes it was formed from.
      if (q.areaCode) conds.push(areaUnderSql(sql`${followers.areaCode}`, [q.areaCode]));
      if (q.tag) conds.push(sql`${followers.tags} @> array[${q.tag}]::text[]`);
      if (q.areaCodes !== null) {
        if (q.areaCodes.length === 0) return { items: [], total: 0 };
        conds.push(inArray(followers.areaCode, [...q.areaCodes]));
      }
      const where = conds.length > 0 ? and(...conds) : undefined;
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(followers)
          .where(where)
          .orderBy(asc(followers.displayName), asc(followers.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ n: count() }).from(followers).where(where),
      ]);
      const names = await areaResolver(db);
      return { items: rows.map((r) => named(toRow(r), names)), total: total?.n ?? 0 };
    },
    async get(id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      const [row] = await db.select().from(followers).where(eq(followers.id, id)).limit(1);
      return row ? named(toRow(row), await areaResolver(db)) : undefined;
    },
    async tags() {
      const rows = await db
        .selectDistinct({ tag: sql<string>`unnest(${followers.tags})` })
        .from(followers)
        .orderBy(sql`1`)
        .limit(500);
      return rows.map((r) => r.tag);
    },
  };
}

/** Dashboard figure: current followers (following, not opted out) in the staff member's areas. */
export function followersCount(db: Db) {
  return async (scope: { all: boolean; areas?: ReadonlySet<string> }) => {
    const conds: SQL[] = [eq(followers.following, true)];
    if (!scope.all) {
      const areas = [...(scope.areas ?? [])];
      if (areas.length === 0) return 0;
      conds.push(inArray(followers.areaCode, areas));
    }
    const [row] = await db
      .select({ n: count() })
      .from(followers)
      .where(and(...conds));
    return row?.n ?? 0;
  };
}

/** A follower's commune, for scoping handoff conversations to an agent's units. */
export function followerAreaOf(db: Db) {
  return async (followerId: string): Promise<string | null> => {
    const [row] = await db
      .select({ areaCode: followers.areaCode })
      .from(followers)
      .where(eq(followers.id, followerId))
      .limit(1);
    return row?.areaCode ?? null;
  };
}
