import { randomBytes } from 'node:crypto';
import { and, desc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { int4Id, isRealDay } from '../http/input.ts';
import { AppError } from '../http/errors.ts';
import { scopeAllowsUnit } from '../console/unit-scope.ts';
import { broadcasts, contentItems } from './broadcasts.schema.ts';
import { previewAudience, quotaPeriod, segmentSchema } from './audience.ts';
import { recordTransition } from './content.service.ts';
import { isQuietTime } from './quiet-hours.ts';
import { nextStatus } from './workflow.ts';
import type { Actor, BroadcastDeps } from './broadcasts.deps.ts';
import { localMidnight } from '../lib/report-periods.ts';

export const scheduleInputSchema = z
  .object({
    scheduledAt: z.iso
      .datetime({
        offset: true,
        error: 'Thời điểm gửi phải là ngày giờ ISO 8601, ví dụ 2025-05-05T08:00:00+07:00',
      })
      .refine((s) => isRealDay(s.slice(0, 10)), 'Thời điểm gửi ngoài khoảng 2000–2100'),
    segment: segmentSchema.default({}),
    useConsultationInWindow: z.boolean().default(true),
  })
  .strict();
export type ScheduleInput = z.infer<typeof scheduleInputSchema>;

/** POST /preview: a planned send; with `itemId`, the send of that item (the audience its theme rule leaves). */
export const previewInputSchema = scheduleInputSchema.extend({ itemId: int4Id.optional() });
export type PreviewInput = z.infer<typeof previewInputSchema>;

export type BroadcastRow = typeof broadcasts.$inferSelect;

/** Audience count, quota exclusions and warnings for a planned send, without writing anything. */
export async function planPreview(
  deps: BroadcastDeps,
  input: ScheduleInput,
  actor?: Actor,
  themeCode?: string | null,
) {
  const at = new Date(input.scheduledAt);
  const segment = actor ? segmentInScope(input.segment, actor) : input.segment;
  const audience = await previewAudience(deps, segment, at, input.useConsultationInWindow, themeCode);
  const warnings: string[] = [];
  if (isQuietTime(at, deps.config))
    warnings.push(
      `Thời điểm gửi nằm trong giờ yên lặng (${deps.config.QUIET_HOURS_START}–${deps.config.QUIET_HOURS_END}); tin sẽ được gửi khi hết giờ yên lặng.`,
    );
  const perMonth = deps.config.BROADCAST_PER_MONTH;
  const sameMonth = perMonth === undefined ? 0 : await broadcastsInMonth(deps, at);
  if (perMonth !== undefined && sameMonth + 1 > perMonth)
    warnings.push(
      `Tháng này đã có ${sameMonth} tin lên lịch/đã gửi; thêm tin này vượt giới hạn ${perMonth} tin/tháng mỗi người theo dõi mà tỉnh tự đặt, người đã đủ lượt sẽ không nhận được.`,
    );
  if (audience.excludedQuota > 0)
    warnings.push(
      `${audience.excludedQuota} người trong nhóm đã đủ số tin tỉnh tự giới hạn và sẽ bị bỏ qua.`,
    );
  return { ...audience, warnings };
}

/** The preview the console shows before scheduling: counted as `scheduleItem` counts the item's send. */
export async function previewSend(deps: BroadcastDeps, actor: Actor, input: PreviewInput) {
  const { itemId, ...schedule } = input;
  const themeCode = itemId === undefined ? undefined : (await itemInScope(deps, actor, itemId)).themeCode;
  return planPreview(deps, schedule, actor, themeCode);
}

/** An item's unit and theme; another unit's item is "not found" before anything about it (its audience) is shown. */
async function itemInScope(deps: BroadcastDeps, actor: Actor, itemId: number) {
  const [owner] = await deps.db
    .select({ unitCode: contentItems.unitCode, themeCode: contentItems.themeCode })
    .from(contentItems)
    .where(eq(contentItems.id, itemId));
  if (!owner || (actor.scope && !scopeAllowsUnit(actor.scope, owner.unitCode)))
    throw new AppError('not_found', `item ${itemId}`, 'Không tìm thấy tin này.');
  return owner;
}

/**
 * A unit's staff count and send only to followers in the areas their units cover: a segment naming another unit's
 * area is refused, and a segment naming none is narrowed to theirs (issue 19: previews counted other communes).
 */
export function segmentInScope(segment: ScheduleInput['segment'], actor: Actor): ScheduleInput['segment'] {
  const scope = actor.scope;
  if (!scope || scope.all) return segment;
  const outside = (segment.areas ?? []).filter((a) => !scope.areas.has(a));
  if (outside.length > 0)
    throw new AppError(
      'forbidden',
      `segment areas outside scope: ${outside.join(',')}`,
      'Nhóm nhận tin có xã, phường ngoài phạm vi đơn vị của bạn.',
    );
  return segment.areas?.length ? segment : { ...segment, areas: [...scope.areas] };
}

async function broadcastsInMonth(deps: BroadcastDeps, at: Date): Promise<number> {
  const { month } = quotaPeriod(at, deps.config.TZ_APP);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const [row] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(broadcasts)
    .where(
      and(
        ne(broadcasts.status, 'cancelled'),
        gte(broadcasts.scheduledAt, localMidnight(y, m, 1)),
        lt(broadcasts.scheduledAt, localMidnight(y, m + 1, 1)),
      ),
    );
  return Number(row?.n ?? 0);
}

/** approved → scheduled: validates the time and the audience first, so a refusal leaves nothing behind. */
export async function scheduleItem(deps: BroadcastDeps, actor: Actor, itemId: number, input: ScheduleInput) {
  const owner = await itemInScope(deps, actor, itemId);
  const at = new Date(input.scheduledAt);
  if (at.getTime() <= deps.clock.now().getTime())
    throw new AppError(
      'validation',
      'schedule in the past',
      'Thời điểm gửi đã qua. Vui lòng chọn thời điểm trong tương lai.',
    );
  const preview = await planPreview(deps, input, actor, owner.themeCode);
  if (preview.matched === 0)
    throw new AppError(
      'validation',
      'empty segment',
      'Nhóm người nhận đang trống: không có người theo dõi nào khớp điều kiện đã chọn.',
      preview,
    );
  if (preview.audience <= 0)
    throw new AppError(
      'validation',
      'no audience',
      'Không còn ai trong nhóm có thể nhận tin (đã từ chối nhận tin hoặc hết lượt của Zalo).',
      preview,
    );
  const broadcast = await deps.db.transaction(async (tx) => {
    const [item] = await tx.select().from(contentItems).where(eq(contentItems.id, itemId)).for('update');
    if (!item || (actor.scope && !scopeAllowsUnit(actor.scope, item.unitCode)))
      throw new AppError('not_found', `item ${itemId}`, 'Không tìm thấy tin này.');
    const to = nextStatus(item.status, 'schedule');
    const [row] = await tx
      .insert(broadcasts)
      .values({
        itemId,
        version: item.currentVersion,
        segment: segmentInScope(input.segment, actor), // what was previewed is what is sent
        scheduledAt: at,
        linkToken: randomBytes(12).toString('base64url'),
        useConsultationInWindow: input.useConsultationInWindow ? 1 : 0,
        createdBy: actor.id,
        createdAt: deps.clock.now(),
      })
      .returning();
    const [updated] = await tx
      .update(contentItems)
      .set({ status: to, updatedAt: deps.clock.now() })
      .where(eq(contentItems.id, itemId))
      .returning();
    await recordTransition(tx, deps, { item: updated!, from: item.status, to, action: 'schedule', actor });
    return row!;
  });
  return { broadcast, preview };
}

/** Resuming is never allowed for a cancelled broadcast; anything else that is not running is also refused. */
export async function resumeBroadcast(deps: BroadcastDeps, actor: Actor, broadcastId: number) {
  const b = await getBroadcastRow(deps, actor, broadcastId);
  if (b.status === 'cancelled')
    throw new AppError(
      'conflict',
      'resume cancelled',
      'Đợt gửi đã huỷ không thể tiếp tục. Hãy tạo và duyệt một tin mới nếu cần gửi lại.',
    );
  throw new AppError(
    'conflict',
    `resume ${b.status}`,
    'Đợt gửi này không ở trạng thái tạm dừng nên không thể tiếp tục.',
  );
}

export async function getBroadcastRow(
  deps: Pick<BroadcastDeps, 'db'>,
  actor: Actor,
  id: number,
): Promise<BroadcastRow> {
  const [row] = await deps.db
    .select({ b: broadcasts, unitCode: contentItems.unitCode })
    .from(broadcasts)
    .innerJoin(contentItems, eq(contentItems.id, broadcasts.itemId))
    .where(eq(broadcasts.id, id));
  if (!row || (actor.scope && !scopeAllowsUnit(actor.scope, row.unitCode)))
    throw new AppError('not_found', `broadcast ${id}`, 'Không tìm thấy đợt gửi này.');
  return row.b;
}

export async function listBroadcasts(
  deps: Pick<BroadcastDeps, 'db'>,
  actor: Actor,
  opts: { itemId?: number; limit: number },
) {
  const where = [];
  if (opts.itemId) where.push(eq(broadcasts.itemId, opts.itemId));
  if (actor.scope && !actor.scope.all) where.push(inArray(contentItems.unitCode, [...actor.scope.units, '']));
  return deps.db
    .select({
      id: broadcasts.id,
      itemId: broadcasts.itemId,
      version: broadcasts.version,
      status: broadcasts.status,
      scheduledAt: broadcasts.scheduledAt,
      planned: broadcasts.planned,
      finishedAt: broadcasts.finishedAt,
      themeCode: contentItems.themeCode,
      unitCode: contentItems.unitCode,
    })
    .from(broadcasts)
    .innerJoin(contentItems, eq(contentItems.id, broadcasts.itemId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(broadcasts.scheduledAt))
    .limit(opts.limit);
}
