import { createHash } from 'node:crypto';
import path from 'node:path';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { localMidnight, parseLocalDay } from '../lib/report-periods.ts';
import { listFiles, readYamlFile } from '../lib/yaml-files.ts';
import { surveyDefinitionSchema, type SurveyDefinition } from './survey.definition.ts';
import { definitionWarnings } from './survey.shuffle.ts';
import { surveys, surveyVersions } from './surveys.schema.ts';

/** A survey's definition at one version. */
export interface StoredDefinition {
  id: string;
  version: number;
  definition: SurveyDefinition;
}

/** Canonical JSON (sorted keys) so the same definition always hashes the same, whatever the key order in YAML. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function definitionHash(def: SurveyDefinition): string {
  return createHash('sha256').update(canonical(def)).digest('hex');
}

/**
 * Loads content/surveys/*.yaml at start-up. Every file is validated before anything is written. Idempotent: a file
 * adds a version only when it differs from the last version loaded from a file, so restarts add nothing and console
 * edits are kept until someone changes the file itself. `warnings` (definitionWarnings) are for the log: a
 * definition with a warning still loads.
 */
export async function loadSurveyFiles(
  db: Db,
  contentDir: string,
): Promise<{ loaded: number; added: number; warnings: string[] }> {
  const files = await listFiles(path.join(contentDir, 'surveys'), ['.yaml', '.yml']);
  const defs = await Promise.all(files.map((f) => readYamlFile(f, surveyDefinitionSchema)));
  let added = 0;
  for (const def of defs) if (await addFileVersion(db, def)) added++;
  return { loaded: defs.length, added, warnings: defs.flatMap(definitionWarnings) };
}

async function addFileVersion(db: Db, def: SurveyDefinition): Promise<boolean> {
  const hash = definitionHash(def);
  return db.transaction(async (tx) => {
    await lockSurvey(tx, def.id);
    const [lastFile] = await tx
      .select({ hash: surveyVersions.contentHash })
      .from(surveyVersions)
      .where(and(eq(surveyVersions.surveyId, def.id), eq(surveyVersions.source, 'file')))
      .orderBy(desc(surveyVersions.version))
      .limit(1);
    if (lastFile?.hash === hash) return false;
    await insertVersion(tx, def, hash, 'file', null);
    return true;
  });
}

/** Serialises version writers of one survey (two app instances starting, two editors saving). */
async function lockSurvey(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`survey:${id}`}))`);
}

async function insertVersion(
  tx: Tx,
  def: SurveyDefinition,
  hash: string,
  source: 'file' | 'console',
  createdBy: string | null,
): Promise<number> {
  const [row] = await tx
    .select({ max: sql<number>`coalesce(max(${surveyVersions.version}), 0)::int` })
    .from(surveyVersions)
    .where(eq(surveyVersions.surveyId, def.id));
  const version = (row?.max ?? 0) + 1;
  await tx
    .insert(surveyVersions)
    .values({ surveyId: def.id, version, definition: def, contentHash: hash, source, createdBy });
  await tx
    .insert(surveys)
    .values({ id: def.id, currentVersion: version })
    .onConflictDoUpdate({ target: surveys.id, set: { currentVersion: version, updatedAt: sql`now()` } });
  return version;
}

/** The current definition of a survey, or a 404 with a Vietnamese message. */
export async function getCurrentDefinition(db: Db | Tx, id: string): Promise<StoredDefinition> {
  const [row] = await db
    .select({ version: surveyVersions.version, definition: surveyVersions.definition })
    .from(surveys)
    .innerJoin(
      surveyVersions,
      and(eq(surveyVersions.surveyId, surveys.id), eq(surveyVersions.version, surveys.currentVersion)),
    )
    .where(eq(surveys.id, id));
  if (!row) throw new AppError('not_found', `survey ${id} not found`, 'Không tìm thấy khảo sát này.');
  return { id, version: row.version, definition: row.definition as SurveyDefinition };
}

/** One stored version (responses to an older version are validated against the version they started on). */
export async function getDefinitionVersion(
  db: Db | Tx,
  id: string,
  version: number,
): Promise<StoredDefinition> {
  const [row] = await db
    .select({ definition: surveyVersions.definition })
    .from(surveyVersions)
    .where(and(eq(surveyVersions.surveyId, id), eq(surveyVersions.version, version)));
  if (!row)
    throw new AppError(
      'not_found',
      `survey ${id} v${version} not found`,
      'Không tìm thấy phiên bản khảo sát này.',
    );
  return { id, version, definition: row.definition as SurveyDefinition };
}

/** Every survey's current definition, ordered by id. */
export async function listDefinitions(db: Db | Tx): Promise<StoredDefinition[]> {
  const rows = await db
    .select({ id: surveys.id, version: surveys.currentVersion, definition: surveyVersions.definition })
    .from(surveys)
    .innerJoin(
      surveyVersions,
      and(eq(surveyVersions.surveyId, surveys.id), eq(surveyVersions.version, surveys.currentVersion)),
    )
    .orderBy(asc(surveys.id));
  return rows.map((r) => ({ id: r.id, version: r.version, definition: r.definition as SurveyDefinition }));
}

/** The version history of a survey (newest first), without the definitions. */
export async function listVersions(db: Db, id: string) {
  return db
    .select({
      version: surveyVersions.version,
      source: surveyVersions.source,
      createdBy: surveyVersions.createdBy,
      createdAt: surveyVersions.createdAt,
    })
    .from(surveyVersions)
    .where(eq(surveyVersions.surveyId, id))
    .orderBy(desc(surveyVersions.version));
}

/**
 * Saves a console edit as a new version after full validation (zod errors become a 400 listing each field).
 * The id cannot change; saving an identical definition adds no version.
 */
export async function updateDefinition(
  db: Db,
  id: string,
  input: unknown,
  staffId: string,
  /**
   * Throws when the staff member may not edit: asked of the current definition, then of the new one (with the
   * current one as `previous`).
   */
  authorize: (def: SurveyDefinition, previous?: SurveyDefinition) => void | Promise<void> = () => undefined,
): Promise<StoredDefinition> {
  const current = await getCurrentDefinition(db, id);
  await authorize(current.definition);
  const def = surveyDefinitionSchema.parse(input) as SurveyDefinition;
  if (def.id !== id)
    throw new AppError(
      'validation',
      'survey id changed',
      'Không được đổi mã khảo sát; hãy tạo khảo sát mới.',
    );
  await authorize(def, current.definition);
  const hash = definitionHash(def);
  if (definitionHash(current.definition) === hash) return current;
  const version = await db.transaction(async (tx) => {
    await lockSurvey(tx, id);
    return insertVersion(tx, def, hash, 'console', staffId);
  });
  return { id, version, definition: def };
}

/** Whether the survey accepts responses at this instant (its period, whole local days, inclusive). */
export function surveyState(def: SurveyDefinition, now: Date): 'not_started' | 'open' | 'closed' {
  if (now.getTime() < parseLocalDay(def.period.from).getTime()) return 'not_started';
  const [y, m, d] = def.period.to.split('-').map(Number) as [number, number, number];
  return now.getTime() < localMidnight(y, m, d + 1).getTime() ? 'open' : 'closed';
}

/** The surveys open now. */
export async function openDefinitions(db: Db, now: Date): Promise<StoredDefinition[]> {
  return (await listDefinitions(db)).filter((s) => surveyState(s.definition, now) === 'open');
}
