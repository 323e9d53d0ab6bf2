import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { audit } from '../console/audit.service.ts';
import { scopeAllowsUnit } from '../console/unit-scope.ts';
import { unitExists } from '../areas/areas.api.ts';
import { planItemExists, themeExists } from '../plan/plan.service.ts';
import { contentHistory, contentItems, contentVersions, type ItemStatus } from './broadcasts.schema.ts';
import { checkImageUrl, type ContentInput } from './content.limits.ts';
import type { Actor, BroadcastDeps } from './broadcasts.deps.ts';
import { nextStatus, type ItemAction } from './workflow.ts';
import { cancelBroadcastsOfItem } from './broadcast.cancel.ts';

export type ItemRow = typeof contentItems.$inferSelect;
export type VersionRow = typeof contentVersions.$inferSelect;

const notFound = (id: number) => new AppError('not_found', `content item ${id}`, 'Không tìm thấy tin này.');

/** Rejects with 400 (Vietnamese) when the image is not an image or the theme/plan item is unknown; writes nothing. */
async function checkReferences(deps: BroadcastDeps, input: ContentInput): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  if (input.imageUrl) {
    const problem = await checkImageUrl(deps.probeImage, input.imageUrl);
    if (problem) problems.push({ path: 'imageUrl', message: problem });
  }
  const year = input.planYear ?? deps.clock.now().getUTCFullYear();
  if (input.themeCode && !(await themeExists(deps.db, year, input.themeCode)))
    problems.push({
      path: 'themeCode',
      message: `Chủ đề “${input.themeCode}” không có trong kế hoạch năm ${year}`,
    });
  if (input.planItemNo) {
    const item = await planItemExists(deps.db, year, input.planItemNo);
    if (!item)
      problems.push({ path: 'planItemNo', message: `Kế hoạch năm ${year} không có mục ${input.planItemNo}` });
    else if (input.themeCode && item.theme !== input.themeCode)
      problems.push({ path: 'themeCode', message: `Mục ${input.planItemNo} thuộc chủ đề “${item.theme}”` });
  }
  if (problems.length > 0)
    throw new AppError('validation', 'content references', problems.map((p) => p.message).join('; '), {
      fields: problems,
    });
}

async function checkUnit(deps: BroadcastDeps, actor: Actor, unitCode: string): Promise<void> {
  if (!(await unitExists(deps.db, unitCode)))
    throw new AppError('validation', `unit ${unitCode}`, `Đơn vị “${unitCode}” không có trong danh mục.`);
  if (actor.scope && !scopeAllowsUnit(actor.scope, unitCode))
    throw new AppError(
      'forbidden',
      `unit ${unitCode} outside scope`,
      'Bạn chỉ được soạn tin cho đơn vị của mình.',
    );
}

function versionValues(input: ContentInput) {
  return {
    title: input.title,
    textVi: input.textVi,
    textKm: input.textKm ?? null,
    textEn: input.textEn ?? null,
    imageUrl: input.imageUrl ?? null,
    buttonTitle: input.buttonTitle ?? null,
    buttonUrl: input.buttonUrl ?? null,
  };
}

/** Records a transition in the item's history and in the console audit log, inside the caller's transaction. */
export async function recordTransition(
  tx: Db | Tx,
  deps: Pick<BroadcastDeps, 'clock'>,
  e: {
    item: ItemRow;
    from: ItemStatus | null;
    to: ItemStatus;
    action: ItemAction | 'create';
    actor: Actor | 'system';
    reason?: string;
  },
): Promise<void> {
  const at = deps.clock.now();
  const actorName = e.actor === 'system' ? 'system' : e.actor.id;
  await tx.insert(contentHistory).values({
    itemId: e.item.id,
    fromStatus: e.from,
    toStatus: e.to,
    action: e.action,
    actor: actorName,
    reason: e.reason ?? null,
    at,
  });
  await audit(
    { db: tx, clock: deps.clock },
    {
      action: `broadcast.${e.action}`,
      staff: e.actor === 'system' ? null : { id: e.actor.id, username: e.actor.username },
      targetType: 'content_item',
      targetId: String(e.item.id),
      unitCode: e.item.unitCode,
      details: { from: e.from, to: e.to, ...(e.reason ? { reason: e.reason } : {}) },
    },
  );
}

export async function createItem(deps: BroadcastDeps, actor: Actor, input: ContentInput) {
  const unitCode = input.unitCode ?? actor.unitCode;
  if (!unitCode) throw new AppError('validation', 'unit missing', 'Cần chọn đơn vị sở hữu tin.');
  await checkUnit(deps, actor, unitCode);
  await checkReferences(deps, input);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [item] = await tx
      .insert(contentItems)
      .values({
        unitCode,
        themeCode: input.themeCode ?? null,
        planYear: input.planYear ?? null,
        planItemNo: input.planItemNo ?? null,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx
      .insert(contentVersions)
      .values({ itemId: item!.id, version: 1, ...versionValues(input), createdBy: actor.id, createdAt: now });
    await recordTransition(tx, deps, { item: item!, from: null, to: 'draft', action: 'create', actor });
    return item!;
  });
}

/** Locks the item row for the rest of the transaction so two approvers cannot both decide. */
async function lockItem(tx: Tx, actor: Actor | 'system', id: number): Promise<ItemRow> {
  const [item] = await tx.select().from(contentItems).where(eq(contentItems.id, id)).for('update');
  if (!item) throw notFound(id);
  if (actor !== 'system' && actor.scope && !scopeAllowsUnit(actor.scope, item.unitCode)) throw notFound(id);
  return item;
}

/** Every edit adds a version; an approved or submitted item goes back to draft. */
export async function updateItem(deps: BroadcastDeps, actor: Actor, id: number, input: ContentInput) {
  if (input.unitCode) await checkUnit(deps, actor, input.unitCode);
  await checkReferences(deps, input);
  return deps.db.transaction(async (tx) => {
    const item = await lockItem(tx, actor, id);
    const to = nextStatus(item.status, 'edit');
    const version = item.currentVersion + 1;
    const now = deps.clock.now();
    await tx
      .insert(contentVersions)
      .values({ itemId: id, version, ...versionValues(input), createdBy: actor.id, createdAt: now });
    const [updated] = await tx
      .update(contentItems)
      .set({
        status: to,
        currentVersion: version,
        themeCode: input.themeCode ?? null,
        planYear: input.planYear ?? null,
        planItemNo: input.planItemNo ?? null,
        unitCode: input.unitCode ?? item.unitCode,
        rejectionReason: null,
        updatedAt: now,
      })
      .where(eq(contentItems.id, id))
      .returning();
    await recordTransition(tx, deps, { item: updated!, from: item.status, to, action: 'edit', actor });
    return updated!;
  });
}

/** Moves an item along one workflow edge with the checks that edge needs; 409 when the edge does not exist. */
export async function transitionItem(
  deps: BroadcastDeps,
  actor: Actor,
  id: number,
  action: 'submit' | 'approve' | 'reject' | 'cancel',
  reason?: string,
) {
  return deps.db.transaction(async (tx) => {
    const item = await lockItem(tx, actor, id);
    const to = nextStatus(item.status, action);
    if (action === 'approve') await checkApprover(tx, actor, item);
    if (action === 'reject') {
      if (actor.role !== 'approver')
        throw new AppError('forbidden', 'not approver', 'Chỉ người duyệt được từ chối tin.');
      if (!reason || reason.trim().length < 3)
        throw new AppError('validation', 'reason required', 'Cần ghi lý do từ chối.');
    }
    const now = deps.clock.now();
    const patch: Partial<ItemRow> = { status: to, updatedAt: now };
    if (action === 'submit')
      Object.assign(patch, { submittedBy: actor.id, submittedAt: now, rejectionReason: null });
    if (action === 'approve' || action === 'reject')
      Object.assign(patch, { decidedBy: actor.id, decidedAt: now, rejectionReason: reason?.trim() ?? null });
    const [updated] = await tx.update(contentItems).set(patch).where(eq(contentItems.id, id)).returning();
    if (action === 'cancel' && (item.status === 'scheduled' || item.status === 'sending'))
      await cancelBroadcastsOfItem(tx, deps.clock.now(), id);
    await recordTransition(tx, deps, {
      item: updated!,
      from: item.status,
      to,
      action,
      actor,
      reason: reason?.trim(),
    });
    return updated!;
  });
}

/** Only an approver approves, and never an item they wrote or last edited. */
async function checkApprover(tx: Tx, actor: Actor, item: ItemRow): Promise<void> {
  if (actor.role !== 'approver')
    throw new AppError('forbidden', 'not approver', 'Chỉ người duyệt được duyệt tin.');
  const [current] = await tx
    .select({ createdBy: contentVersions.createdBy })
    .from(contentVersions)
    .where(and(eq(contentVersions.itemId, item.id), eq(contentVersions.version, item.currentVersion)));
  if (item.createdBy === actor.id || current?.createdBy === actor.id || item.submittedBy === actor.id)
    throw new AppError('forbidden', 'own item', 'Bạn không thể tự duyệt tin do mình soạn hoặc gửi duyệt.');
}

export async function getItem(deps: Pick<BroadcastDeps, 'db'>, actor: Actor, id: number) {
  const [item] = await deps.db.select().from(contentItems).where(eq(contentItems.id, id));
  if (!item || (actor.scope && !scopeAllowsUnit(actor.scope, item.unitCode))) throw notFound(id);
  const versions = await deps.db
    .select()
    .from(contentVersions)
    .where(eq(contentVersions.itemId, id))
    .orderBy(desc(contentVersions.version));
  const history = await deps.db
    .select()
    .from(contentHistory)
    .where(eq(contentHistory.itemId, id))
    .orderBy(contentHistory.id);
  return { item, current: versions[0]!, versions, history };
}

export async function listItems(
  deps: Pick<BroadcastDeps, 'db'>,
  actor: Actor,
  filter: { status?: ItemStatus[]; unitCode?: string; themeCode?: string; limit: number; offset: number },
) {
  const where: SQL[] = [];
  if (filter.status?.length) where.push(inArray(contentItems.status, filter.status));
  if (filter.unitCode) where.push(eq(contentItems.unitCode, filter.unitCode));
  if (filter.themeCode) where.push(eq(contentItems.themeCode, filter.themeCode));
  if (actor.scope && !actor.scope.all) where.push(inArray(contentItems.unitCode, [...actor.scope.units, '']));
  return deps.db
    .select({
      id: contentItems.id,
      unitCode: contentItems.unitCode,
      status: contentItems.status,
      themeCode: contentItems.themeCode,
      planYear: contentItems.planYear,
      planItemNo: contentItems.planItemNo,
      currentVersion: contentItems.currentVersion,
      title: contentVersions.title,
      rejectionReason: contentItems.rejectionReason,
      updatedAt: contentItems.updatedAt,
    })
    .from(contentItems)
    .innerJoin(
      contentVersions,
      and(
        eq(contentVersions.itemId, contentItems.id),
        eq(contentVersions.version, contentItems.currentVersion),
      ),
    )
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(contentItems.updatedAt), desc(contentItems.id))
    .limit(filter.limit)
    .offset(filter.offset);
}
