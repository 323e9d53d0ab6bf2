import path from 'node:path';
import { z } from 'zod';
import { ContentFileError, readYamlData } from '../lib/yaml-files.ts';

/**
 * The register of replaced legal documents (content/legal/replaced.yaml) and of statements that stopped being true
 * on a date (`claims`, e.g. "Sở Tư pháp issues criminal-record certificates", true until 28/02/2025). Every row must
 * say where it was checked: a row without a source is refused, naming the row, so nothing half-checked is loaded.
 */

const localDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD')
  .or(z.date().transform((d) => d.toISOString().slice(0, 10)));

const source = z.object({
  url: z.url('nguồn cần một địa chỉ URL'),
  /** What that page says, in a few words: the reason the row exists. */
  says: z.string().trim().min(10, 'cần ghi nguồn đó nói gì'),
});

const sources = z.array(source, 'cần danh sách nguồn').min(1, 'cần ít nhất một nguồn đã kiểm tra');

const documentRow = z.object({
  /** As the document is numbered: "61/2018/NĐ-CP", "59/2014/QH13". */
  number: z.string().regex(/^\d{1,4}\/\d{4}\/[A-Za-zĐđ0-9-]+$/, 'số hiệu có dạng 61/2018/NĐ-CP'),
  title: z.string().trim().min(5),
  /** Other ways a text cites it without the number ("Luật Căn cước công dân"). Matched whole, case-insensitive. */
  names: z.array(z.string().trim().min(8)).default([]),
  replacedBy: z.string().trim().min(5),
  /** First day on which the document no longer applies (the replacement's effective day). */
  from: localDay,
  /**
   * false when the sources confirm the replacement in substance (scope, effective day) but the repeal clause itself
   * was not seen: citations are then reported as warnings, not failures.
   */
  confirmed: z.boolean().default(true),
  sources,
  note: z.string().optional(),
});

const claimRow = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** The statement that is no longer true, as an editor reads it. */
  statement: z.string().trim().min(10),
  /** What is true now. */
  now: z.string().trim().min(10),
  from: localDay,
  /** Term groups: a sentence makes the claim when it holds a term of every group. */
  terms: z.array(z.array(z.string().trim().min(2)).min(1)).min(2, 'cần ít nhất hai nhóm từ'),
  sources,
});

const registerFile = z.object({
  documents: z.array(documentRow).min(1),
  claims: z.array(claimRow).default([]),
});

export type ReplacedDocument = z.infer<typeof documentRow>;
export type OutdatedClaim = z.infer<typeof claimRow>;
export type LawRegister = z.infer<typeof registerFile>;

export const REGISTER_FILE = path.join('legal', 'replaced.yaml');

/** Names the row of an issue path: `documents[2] 61/2018/NĐ-CP: sources: …`. */
function rowLabel(data: unknown, issuePath: PropertyKey[]): string {
  const [list, index, ...rest] = issuePath;
  if ((list !== 'documents' && list !== 'claims') || typeof index !== 'number')
    return issuePath.map(String).join('.') || '(root)';
  const row = (data as Record<string, unknown[]>)[list]?.[index] as Record<string, unknown> | undefined;
  const name = String(row?.number ?? row?.id ?? '?');
  return `${list}[${index}] ${name}${rest.length ? `: ${rest.map(String).join('.')}` : ''}`;
}

/** Validates a parsed register; throws ContentFileError naming every bad row. */
export function parseRegister(file: string, data: unknown): LawRegister {
  const result = registerFile.safeParse(data);
  if (!result.success)
    throw new ContentFileError(
      file,
      result.error.issues.map((i) => `${rowLabel(data, i.path)}: ${i.message}`),
    );
  const seen = new Set<string>();
  const dupes = result.data.documents.filter((d) => seen.has(d.number) || !seen.add(d.number));
  if (dupes.length)
    throw new ContentFileError(
      file,
      dupes.map((d) => `documents: số hiệu ${d.number} bị trùng`),
    );
  return result.data;
}

export async function loadRegister(contentDir: string): Promise<LawRegister> {
  const file = path.join(contentDir, REGISTER_FILE);
  return parseRegister(file, await readYamlData(file));
}
