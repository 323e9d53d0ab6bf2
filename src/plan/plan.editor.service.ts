import { eq, sql } from 'drizzle-orm';
import { stringify } from 'yaml';
import type { Db, Tx } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { planFileSchema, type PlanFile } from './plan.file.ts';
import { planDocuments, planItems } from './plan.schema.ts';
import { writePlanRows } from './plan.service.ts';
import { referenceNames } from '../areas/areas.service.ts';

export type PlanDocumentRow = typeof planDocuments.$inferSelect;

interface Deps {
  db: Db;
  clock: Clock;
}

export async function getPlanDocument(db: Db, year: number): Promise<PlanDocumentRow> {
  const [row] = await db.select().from(planDocuments).where(eq(planDocuments.year, year));
  if (!row)
    throw new AppError('not_found', `no plan document ${year}`, `Chưa có kế hoạch tuyên truyền năm ${year}.`);
  return row;
}

/** Years with a plan, newest first, with their state (for the console's year picker). */
export async function listPlanYears(db: Db) {
  return db
    .select({ year: planDocuments.year, status: planDocuments.status, origin: planDocuments.origin })
    .from(planDocuments)
    .orderBy(sql`${planDocuments.year} desc`);
}

/** Zod's problems as one Vietnamese sentence per problem, with where they are. */
function planProblems(document: unknown): PlanFile {
  const parsed = planFileSchema.safeParse(document);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues
    .slice(0, 10)
    .map((i) => `${i.path.join('.') || '(kế hoạch)'}: ${i.message}`);
  throw new AppError('validation', 'plan document invalid', `Kế hoạch chưa hợp lệ: ${lines.join('; ')}.`);
}

/** Every unit a plan names (lead, cooperating, quotas) must be in the units list (retired ones included). */
async function assertKnownUnits(db: Db, plan: PlanFile): Promise<void> {
  const known = await referenceNames(db);
  const named = [
    ...plan.items.flatMap((i) => [...i.lead, ...i.cooperating]),
    ...plan.quotas.flatMap((q) => [
      q.unit,
      ...(q.cooperating ?? []),
      ...(q.rotation ?? []).map((r) => r.unit),
    ]),
  ];
  const unknown = [...new Set(named.filter((code) => !known.has(code)))];
  if (unknown.length > 0)
    throw new AppError(
      'validation',
      'unknown units',
      `Đơn vị chưa có trong danh mục đơn vị: ${unknown.slice(0, 10).join(', ')}.`,
    );
}

/**
 * A new year's plan as a draft copy of the previous year's: themes, items with their months, lead and cooperating
 * units, quotas, report periods and duties. "Năm <prev>" in the items' timing becomes the new year; the issuing
 * decision is dropped (the new plan is not issued yet). A year that already has a plan is refused (409).
 */
export async function createPlanFromPrevious(
  deps: { db: Db | Tx; clock: Clock },
  year: number,
  staffId: string,
): Promise<PlanDocumentRow> {
  const existing = await deps.db
    .select({ status: planDocuments.status })
    .from(planDocuments)
    .where(eq(planDocuments.year, year));
  const rows = await deps.db
    .select({ no: planItems.no })
    .from(planItems)
    .where(eq(planItems.year, year))
    .limit(1);
  if (existing.length > 0 || rows.length > 0)
    throw new AppError(
      'conflict',
      `plan ${year} exists`,
      `Kế hoạch năm ${year} đã có${existing[0]?.status === 'draft' ? ' (bản nháp)' : ''}. Hãy mở và sửa kế hoạch đó thay vì tạo mới.`,
    );
  const [previous] = await deps.db
    .select()
    .from(planDocuments)
    .where(eq(planDocuments.year, year - 1));
  if (!previous)
    throw new AppError(
      'not_found',
      `no plan ${year - 1}`,
      `Chưa có kế hoạch năm ${year - 1} để sao chép. Hãy nạp content/plan/${year - 1}.yaml trước.`,
    );
  const prev = String(year - 1);
  const shift = (s: string) => s.replaceAll(prev, String(year));
  const source = previous.document as unknown as PlanFile;
  const { issuedAs: _issued, ...rest } = source as PlanFile & { issuedAs?: string };
  const draft = {
    ...rest,
    year,
    source: `Kế hoạch tuyên truyền cải cách hành chính năm ${year} (dự thảo, lập từ kế hoạch năm ${prev})`,
    items: source.items.map((i) => ({ ...i, when: shift(i.when) })),
  };
  const document = planProblems(draft);
  const now = deps.clock.now();
  const [row] = await deps.db
    .insert(planDocuments)
    .values({
      year,
      status: 'draft',
      origin: 'console',
      document: document as unknown as Record<string, unknown>,
      editors: [staffId],
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row)
    throw new AppError(
      'conflict',
      `plan ${year} exists`,
      `Kế hoạch năm ${year} vừa được tạo bởi người khác.`,
    );
  return row;
}

/** Replaces a draft's document (validated as a content/plan file would be); an approved plan is not edited here. */
export async function updatePlanDocument(
  deps: Deps,
  year: number,
  document: unknown,
  staffId: string,
): Promise<PlanDocumentRow> {
  const current = await getPlanDocument(deps.db, year);
  if (current.status === 'approved')
    throw new AppError(
      'conflict',
      `plan ${year} approved`,
      `Kế hoạch năm ${year} đã được duyệt; muốn sửa cần sửa tệp content/plan/${year}.yaml và nạp lại.`,
    );
  const plan = planProblems(document);
  await assertKnownUnits(deps.db, plan);
  if (plan.year !== year)
    throw new AppError(
      'validation',
      'year mismatch',
      `Năm trong kế hoạch (${plan.year}) khác năm đang sửa (${year}).`,
    );
  const editors = current.editors.includes(staffId) ? current.editors : [...current.editors, staffId];
  const [row] = await deps.db
    .update(planDocuments)
    // An edit after submission withdraws it: the approver must see what they approve.
    .set({
      document: plan as unknown as Record<string, unknown>,
      editors,
      status: 'draft',
      updatedAt: deps.clock.now(),
    })
    .where(sql`${planDocuments.year} = ${year} and ${planDocuments.status} <> 'approved'`)
    .returning();
  if (!row) throw new AppError('conflict', `plan ${year} approved`, `Kế hoạch năm ${year} vừa được duyệt.`);
  return row;
}

/** Submits a draft for approval (trình duyệt); it stays editable, and an edit takes it back to draft. */
export async function submitPlan(deps: Deps, year: number): Promise<PlanDocumentRow> {
  const current = await getPlanDocument(deps.db, year);
  if (current.status !== 'draft')
    throw new AppError(
      'conflict',
      `plan ${year} ${current.status}`,
      current.status === 'submitted'
        ? `Kế hoạch năm ${year} đã được trình duyệt.`
        : `Kế hoạch năm ${year} đã được duyệt.`,
    );
  planProblems(current.document);
  const [row] = await deps.db
    .update(planDocuments)
    .set({ status: 'submitted', updatedAt: deps.clock.now() })
    .where(sql`${planDocuments.year} = ${year} and ${planDocuments.status} = 'draft'`)
    .returning();
  if (!row) throw new AppError('conflict', `plan ${year} changed`, `Kế hoạch năm ${year} vừa thay đổi.`);
  return row;
}

/**
 * Approves a submitted draft (four eyes: whoever created or edited it may not approve it) and makes it the year's plan: its
 * themes, items and quotas replace the year's rows in the same transaction.
 */
export async function approvePlan(deps: Deps, year: number, staffId: string): Promise<PlanDocumentRow> {
  return deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(planDocuments).where(eq(planDocuments.year, year)).for('update');
    if (!current)
      throw new AppError('not_found', `no plan ${year}`, `Chưa có kế hoạch tuyên truyền năm ${year}.`);
    if (current.status === 'approved')
      throw new AppError('conflict', `plan ${year} approved`, `Kế hoạch năm ${year} đã được duyệt trước đó.`);
    if (current.status !== 'submitted')
      throw new AppError(
        'conflict',
        `plan ${year} not submitted`,
        `Dự thảo kế hoạch năm ${year} chưa được trình duyệt (hoặc đã được sửa sau khi trình): người soạn cần bấm "Trình duyệt".`,
      );
    if (current.editors.includes(staffId))
      throw new AppError(
        'forbidden',
        'four eyes',
        'Người đã soạn hoặc sửa kế hoạch không được tự duyệt: cần một người khác (nguyên tắc bốn mắt).',
      );
    const plan = planProblems(current.document);
    await writePlanRows(tx, year, plan);
    const [row] = await tx
      .update(planDocuments)
      .set({
        status: 'approved',
        approvedBy: staffId,
        approvedAt: deps.clock.now(),
        updatedAt: deps.clock.now(),
      })
      .where(eq(planDocuments.year, year))
      .returning();
    return row!;
  });
}

/** The plan as content/plan/<year>.yaml, to download and commit (a loaded file is an adopted plan). */
export function planYaml(row: PlanDocumentRow): string {
  const state =
    row.status === 'approved'
      ? `đã duyệt ${row.approvedAt?.toISOString().slice(0, 10) ?? ''}`
      : row.status === 'submitted'
        ? 'đã trình duyệt, chưa duyệt'
        : 'bản nháp';
  return `# Kế hoạch tuyên truyền CCHC năm ${row.year} – xuất từ trang quản trị (${state}).\n# Lưu thành content/plan/${row.year}.yaml.\n${stringify(row.document, { lineWidth: 0 })}`;
}
