import { z } from 'zod';
import { stringify } from 'yaml';

/**
 * The areas files (`content/areas/*.yaml`): one province each with its communes/wards, current or retired.
 * A current unit lists the units it was formed from in `formerUnits`; a retired unit stays in the file (old
 * responses, followers and registrations keep its code) and reports under the current unit that lists it.
 */

export const areaCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang');

const status = z.enum(['active', 'retired']).default('active');

export const communeSchema = z.object({
  code: areaCode,
  officialCode: z
    .string()
    .regex(/^\d{5}$/, 'mã chính thức gồm 5 chữ số')
    .nullish(),
  name: z.string().trim().min(1),
  type: z.enum(['phuong', 'xa', 'thi-tran', 'dac-khu', 'other']).nullish(),
  formerDistrict: z.string().nullish(),
  population: z.number().int().nonnegative().nullish(),
  status,
  /** Codes of the units this one was formed from (whole units; see README for splits). */
  formerUnits: z.array(areaCode).optional(),
});

export const areaFileSchema = z.object({
  province: z.object({
    code: z.string().regex(/^\d{2}$/, 'mã tỉnh gồm 2 chữ số'),
    name: z.string().min(1),
    status,
    /** For a retired province: the official code of the province it became part of. */
    successor: z.string().nullish(),
  }),
  source: z.string().optional(),
  communes: z.array(communeSchema).min(1),
});

export type AreaFile = z.infer<typeof areaFileSchema>;
export type CommuneEntry = z.infer<typeof communeSchema>;

/** Province codes in the YAML are official numeric codes ("92"); stored as `province-92` to keep one code space. */
export function provinceAreaCode(officialCode: string): string {
  return `province-${officialCode}`;
}

/** An areas file together with where it came from, so problems can name the file and row. */
export interface NamedAreaFile {
  file: string;
  data: AreaFile;
}

/**
 * Cross-file rules zod cannot see: each problem names the file and the row (`communes.12`) it is about.
 * - a code appears once; an official code once among current units;
 * - a former unit is listed by one successor only, and exists;
 * - a current unit does not sit in a retired province (its parent).
 */
export function checkAreaFiles(files: NamedAreaFile[]): string[] {
  const problems: string[] = [];
  const where = new Map<string, string>();
  const officialWhere = new Map<string, string>();
  const successorOf = new Map<string, string>();
  const all = new Map<string, CommuneEntry>();
  for (const { file, data } of files) {
    data.communes.forEach((c, i) => {
      const at = `${file} communes.${i} (${c.code})`;
      const seen = where.get(c.code);
      if (seen) problems.push(`${at}: mã ${c.code} trùng với ${seen}`);
      else where.set(c.code, at);
      all.set(c.code, c);
      if (c.status === 'active' && c.officialCode) {
        const other = officialWhere.get(c.officialCode);
        if (other) problems.push(`${at}: mã chính thức ${c.officialCode} trùng với ${other}`);
        else officialWhere.set(c.officialCode, at);
      }
      if (c.status === 'active' && data.province.status === 'retired')
        problems.push(`${at}: đơn vị đang hoạt động thuộc tỉnh đã giải thể ${data.province.name}`);
    });
  }
  for (const { file, data } of files) {
    data.communes.forEach((c, i) => {
      const at = `${file} communes.${i} (${c.code})`;
      for (const former of c.formerUnits ?? []) {
        const target = all.get(former);
        if (!target) problems.push(`${at}: đơn vị cũ ${former} không có trong danh mục`);
        else if (target.status === 'active')
          problems.push(`${at}: đơn vị cũ ${former} vẫn đang hoạt động (đánh dấu status: retired)`);
        const first = successorOf.get(former);
        if (first && first !== c.code)
          problems.push(
            `${at}: đơn vị cũ ${former} đã được gán cho ${first}, không thể gán cho hai đơn vị kế thừa`,
          );
        else successorOf.set(former, c.code);
      }
    });
  }
  return problems;
}

/**
 * The current unit each code reports under: itself when current, else the successor chain's end (A → B → C).
 * Codes with no current successor are absent (their reports keep the old unit, marked as retired).
 */
export function successorMap(
  entries: { code: string; active: boolean; formerUnits?: readonly string[] }[],
): Map<string, string> {
  const listedBy = new Map<string, string>();
  const byCode = new Map(entries.map((e) => [e.code, e]));
  for (const e of entries) for (const f of e.formerUnits ?? []) listedBy.set(f, e.code);
  const out = new Map<string, string>();
  for (const e of entries) {
    let code: string | undefined = e.code;
    const seen = new Set<string>();
    while (code && !byCode.get(code)?.active && !seen.has(code)) {
      seen.add(code);
      code = listedBy.get(code);
    }
    if (code && byCode.get(code)?.active) out.set(e.code, code);
  }
  return out;
}

/** Writes an areas file the way the importer and people both read it: one unit per line. */
export function serialiseAreaFile(data: AreaFile, header: string): string {
  const flow = (v: unknown) => stringify(v, { collectionStyle: 'flow', lineWidth: 0 }).trim();
  const clean = (c: CommuneEntry) => {
    const out: Record<string, unknown> = { code: c.code, officialCode: c.officialCode ?? null, name: c.name };
    out.type = c.type ?? null;
    if (c.formerDistrict) out.formerDistrict = c.formerDistrict;
    out.population = c.population ?? null;
    if (c.status === 'retired') out.status = 'retired';
    if (c.formerUnits?.length) out.formerUnits = c.formerUnits;
    return out;
  };
  const province: Record<string, unknown> = { code: data.province.code, name: data.province.name };
  if (data.province.status === 'retired') province.status = 'retired';
  if (data.province.successor) province.successor = data.province.successor;
  const lines = [
    ...header.split('\n').map((l) => (l ? `# ${l}` : '#')),
    '',
    `province: ${flow(province)}`,
    ...(data.source ? [`source: ${stringify(data.source, { lineWidth: 0 }).trim()}`] : []),
    '',
    'communes:',
    ...data.communes.map((c) => `  - ${flow(clean(c))}`),
    '',
  ];
  return lines.join('\n');
}
