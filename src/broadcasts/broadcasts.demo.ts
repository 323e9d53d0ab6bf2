import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { localDay, reportYearOf } from '../lib/report-periods.ts';
import { DAY_MS, type DemoKeys, type DemoSeed } from '../demo/demo.port.ts';
import {
  broadcastClicks,
  broadcastDeliveries,
  broadcasts,
  contentItems,
  contentVersions,
} from './broadcasts.schema.ts';

/** Who and what the demo broadcasts are about: publishing units, the plan's themes, the demo followers. */
export interface BroadcastsDemoInput {
  publishers: string[];
  themes: { code: string; label: string; year: number }[];
  people: { zaloUserId: string; areaCode: string | null }[];
}

/** What the demo wrote: counts for the summary, keys for the registry. */
export interface BroadcastsDemo {
  broadcasts: number;
  deliveries: number;
  broadcastIds: number[];
  itemIds: number[];
}

/**
 * One published broadcast about every 26 days since the report year began (at most 14), each a sent content item
 * by turns from `publishers` with deliveries to every demo follower (some failed, received, seen) and clicks.
 */
export async function seedBroadcastsDemo(
  tx: Tx,
  seed: DemoSeed,
  input: BroadcastsDemoInput,
): Promise<BroadcastsDemo> {
  const { now, start } = seed;
  const out: BroadcastsDemo = { broadcasts: 0, deliveries: 0, broadcastIds: [], itemIds: [] };
  for (
    let at = start.getTime() + 5 * DAY_MS, i = 0;
    at < now.getTime() - DAY_MS && i < 14;
    at += 26 * DAY_MS, i++
  ) {
    const theme = input.themes.length > 0 ? input.themes[i % input.themes.length]! : null;
    const unitCode = input.publishers[i % Math.max(1, input.publishers.length)] ?? 'demo';
    const itemId = await seedItem(tx, seed, new Date(at), unitCode, theme);
    out.itemIds.push(itemId);
    const broadcastId = await seedBroadcast(tx, new Date(at), i, itemId, input.people.length);
    out.broadcastIds.push(broadcastId);
    out.deliveries += await seedDeliveries(tx, seed, at, broadcastId, input.people);
    out.broadcasts += 1;
  }
  return out;
}

async function seedItem(
  tx: Tx,
  seed: DemoSeed,
  when: Date,
  unitCode: string,
  theme: { code: string; label: string } | null,
): Promise<number> {
  const [item] = await tx
    .insert(contentItems)
    .values({
      unitCode,
      themeCode: theme?.code ?? null,
      planYear: theme ? reportYearOf(when) : null,
      status: 'sent',
      createdBy: 'demo',
      createdAt: when,
      updatedAt: when,
    })
    .returning({ id: contentItems.id });
  await tx.insert(contentVersions).values({
    itemId: item!.id,
    version: 1,
    title: `${seed.label} ${theme?.label ?? 'Tin cải cách hành chính'}`,
    textVi: `${seed.label} Nội dung minh họa, không phải tin thật.`,
    buttonTitle: 'Xem thêm',
    buttonUrl: 'https://dichvucong.gov.vn/',
    createdBy: 'demo',
    createdAt: when,
  });
  return item!.id;
}

async function seedBroadcast(
  tx: Tx,
  when: Date,
  i: number,
  itemId: number,
  planned: number,
): Promise<number> {
  const [b] = await tx
    .insert(broadcasts)
    .values({
      itemId,
      version: 1,
      segment: {},
      scheduledAt: when,
      status: 'sent',
      linkToken: `demo-${localDay(when)}-${i}`,
      plannedAt: when,
      planned,
      finishedAt: new Date(when.getTime() + 3_600_000),
      createdBy: 'demo',
      createdAt: when,
    })
    .returning({ id: broadcasts.id });
  return b!.id;
}

async function seedDeliveries(
  tx: Tx,
  seed: DemoSeed,
  at: number,
  broadcastId: number,
  people: BroadcastsDemoInput['people'],
): Promise<number> {
  const { rnd } = seed;
  const when = new Date(at);
  const rows = people.map((p) => {
    const ok = rnd() > 0.05;
    const received = ok && rnd() > 0.15;
    const seen = received && rnd() > 0.4;
    return {
      broadcastId,
      zaloUserId: p.zaloUserId,
      areaCode: p.areaCode,
      language: 'vi',
      messageKind: 'promotion',
      quotaDay: localDay(when),
      quotaMonth: localDay(when).slice(0, 7),
      status: ok ? ('sent' as const) : ('failed' as const),
      attempts: 1,
      errorReason: ok ? null : 'demo: người dùng chặn tin',
      sentAt: ok ? when : null,
      receivedAt: received ? new Date(at + 60_000) : null,
      seenAt: seen ? new Date(at + 600_000) : null,
    };
  });
  await tx.insert(broadcastDeliveries).values(rows);
  const clicks = rows.filter((r) => r.seenAt && rnd() > 0.6);
  if (clicks.length > 0)
    await tx
      .insert(broadcastClicks)
      .values(clicks.map((c) => ({ broadcastId, areaCode: c.areaCode, at: new Date(at + 900_000) })));
  return rows.length;
}

/** Deletes the demo broadcasts with their deliveries and clicks (before their content items). */
export async function clearBroadcastsDemo(tx: Tx, keys: DemoKeys): Promise<void> {
  await tx.execute(sql`delete from broadcast_clicks where broadcast_id::text in (${keys})`);
  await tx.execute(sql`delete from broadcast_deliveries where broadcast_id::text in (${keys})`);
  await tx.execute(sql`delete from broadcasts where id::text in (${keys})`);
}

/** Deletes the demo content items with their versions and history. */
export async function clearContentDemo(tx: Tx, keys: DemoKeys): Promise<void> {
  await tx.execute(sql`delete from content_history where item_id::text in (${keys})`);
  await tx.execute(sql`delete from content_versions where item_id::text in (${keys})`);
  await tx.execute(sql`delete from content_items where id::text in (${keys})`);
}
