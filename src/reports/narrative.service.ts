import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { checkNarrative } from './narrative.text.ts';
import { reportNarratives } from './reports.schema.ts';

export type Narrative = typeof reportNarratives.$inferSelect;

/** The three sections staff write, with the headings the report prints. */
export const NARRATIVE_SECTIONS = {
  achievements: 'Kết quả đạt được',
  limits: 'Tồn tại, hạn chế và nguyên nhân',
  proposals: 'Phương hướng, kiến nghị, đề xuất',
} as const;
type Section = keyof typeof NARRATIVE_SECTIONS;

/** What the console sends; each section is checked and cleaned by checkNarrative. */
export const narrativeInputSchema = z.object({
  achievements: z.string().max(2_000_000, 'Nội dung quá lớn').default(''),
  limits: z.string().max(2_000_000, 'Nội dung quá lớn').default(''),
  proposals: z.string().max(2_000_000, 'Nội dung quá lớn').default(''),
});

export async function getNarrative(db: Db, unitCode: string, periodKey: string): Promise<Narrative | null> {
  const [row] = await db
    .select()
    .from(reportNarratives)
    .where(and(eq(reportNarratives.unitCode, unitCode), eq(reportNarratives.periodKey, periodKey)));
  return row ?? null;
}

/**
 * Saves the unit's text for the period (plain text after cleaning). A submitted narrative can no longer be
 * changed here: the unit has handed it in, and the exported report must match what Sở Nội vụ received.
 */
export async function saveNarrative(
  deps: { db: Db; clock: Clock },
  unitCode: string,
  periodKey: string,
  input: z.infer<typeof narrativeInputSchema>,
  staffId: string,
): Promise<Narrative> {
  const clean = {} as Record<Section, string>;
  for (const key of Object.keys(NARRATIVE_SECTIONS) as Section[]) {
    const r = checkNarrative(input[key], NARRATIVE_SECTIONS[key]);
    if (!r.ok) throw new AppError('validation', `narrative ${key} refused`, r.message);
    clean[key] = r.text;
  }
  const now = deps.clock.now();
  const [row] = await deps.db
    .insert(reportNarratives)
    .values({ unitCode, periodKey, ...clean, status: 'draft', updatedBy: staffId, updatedAt: now })
    .onConflictDoUpdate({
      target: [reportNarratives.unitCode, reportNarratives.periodKey],
      set: { ...clean, updatedBy: staffId, updatedAt: now },
      setWhere: sql`${reportNarratives.status} = 'draft'`,
    })
    .returning();
  if (!row)
    throw new AppError(
      'conflict',
      'narrative already submitted',
      'Báo cáo kỳ này đã được gửi, không sửa được nữa. Liên hệ Sở Nội vụ nếu cần gửi lại.',
    );
  return row;
}

/** Marks the narrative submitted; needs at least the achievements section written. */
export async function submitNarrative(
  deps: { db: Db; clock: Clock },
  unitCode: string,
  periodKey: string,
  staffId: string,
): Promise<Narrative> {
  const current = await getNarrative(deps.db, unitCode, periodKey);
  if (!current || current.achievements.trim() === '')
    throw new AppError(
      'validation',
      'empty narrative',
      'Cần nhập ít nhất mục “Kết quả đạt được” trước khi gửi báo cáo.',
    );
  if (current.status === 'submitted')
    throw new AppError('conflict', 'already submitted', 'Báo cáo kỳ này đã được gửi trước đó.');
  const now = deps.clock.now();
  const [row] = await deps.db
    .update(reportNarratives)
    .set({ status: 'submitted', submittedBy: staffId, submittedAt: now })
    .where(
      and(
        eq(reportNarratives.unitCode, unitCode),
        eq(reportNarratives.periodKey, periodKey),
        eq(reportNarratives.status, 'draft'),
      ),
    )
    .returning();
  if (!row) throw new AppError('conflict', 'already submitted', 'Báo cáo kỳ này đã được gửi trước đó.');
  return row;
}

/** Submission state of every narrative of a period, by unit. */
export async function narrativeStates(db: Db, periodKey: string) {
  return db
    .select({
      unitCode: reportNarratives.unitCode,
      status: reportNarratives.status,
      submittedAt: reportNarratives.submittedAt,
    })
    .from(reportNarratives)
    .where(eq(reportNarratives.periodKey, periodKey));
}
