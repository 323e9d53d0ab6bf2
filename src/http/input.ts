import type { RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from './errors.ts';

/**
 * The one input layer every route and the webhook share. PostgreSQL refuses U+0000 in text and unpaired
 * surrogates in jsonb, its int4 stops at 2^31−1, and `new Date('2025-02-30')` quietly rolls over; JSON allows all of
 * these. So: a transport guard refuses what no route can take (undecodable paths, NUL, lone surrogates, deep JSON)
 * before any route runs, and the zod helpers below range-check ids, numbers and dates for their column types.
 */

/** Deepest JSON nesting any route accepts (the deepest real body, a survey definition, nests about 8 levels). */
export const MAX_JSON_DEPTH = 32;

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const loneSurrogates = new RegExp(loneSurrogate.source, 'g');

/** True when PostgreSQL would refuse the string: a NUL byte or an unpaired UTF-16 surrogate. */
export function hasUnstorableChars(s: string): boolean {
  return s.includes('\u0000') || loneSurrogate.test(s);
}

/** For text a citizen typed (chat): NUL dropped, lone surrogates become U+FFFD, so the message is kept. */
export function cleanCitizenText(s: string): string {
  return s.replaceAll('\u0000', '').replace(loneSurrogates, '\ufffd');
}

type Problem = 'depth' | 'chars';

/**
 * Walks a parsed JSON value without recursion (a 3,000-level body must not overflow the stack) and reports the
 * first problem: nesting beyond `maxDepth`, or a key or string PostgreSQL cannot store.
 */
export function findJsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): Problem | undefined {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (hasUnstorableChars(v)) return 'chars';
    } else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth) return 'depth';
      for (const [k, child] of Object.entries(v)) {
        if (hasUnstorableChars(k)) return 'chars';
        stack.push({ v: child, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * The same walk that cleans instead of refusing (webhook events a citizen's phone produced): strings and keys
 * cleaned as `cleanCitizenText`; `undefined` when nesting goes beyond `maxDepth`.
 */
export function cleanJson(value: unknown, maxDepth = MAX_JSON_DEPTH): unknown {
  const root: { value: unknown } = { value };
  const stack: { holder: Record<string, unknown>; key: string; depth: number }[] = [
    { holder: root, key: 'value', depth: 0 },
  ];
  while (stack.length > 0) {
    const { holder, key, depth } = stack.pop()!;
    const v = holder[key];
    if (typeof v === 'string') holder[key] = cleanCitizenText(v);
    else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth) return undefined;
      const copy: Record<string, unknown> = Array.isArray(v)
        ? ([...v] as unknown as Record<string, unknown>)
        : {};
      if (!Array.isArray(v))
        for (const [k, child] of Object.entries(v)) {
          const name = cleanCitizenText(k);
          // JSON.parse keeps "__proto__" as an own key; assigned here it would become the copy's prototype and
          // its fields would be read as the body's own (a forged `role`). No route of ours has such a field.
          if (name !== '__proto__') copy[name] = child;
        }
      holder[key] = copy;
      for (const k of Object.keys(copy)) stack.push({ holder: copy, key: k, depth: depth + 1 });
    }
  }
  return root.value;
}

const messages = {
  path: 'Địa chỉ yêu cầu có ký tự không hợp lệ (mã %-escape sai hoặc ký tự điều khiển).',
  query: 'Tham số truy vấn có ký tự không hợp lệ (ký tự NUL hoặc ký tự Unicode lỗi).',
  depth: `Dữ liệu JSON lồng quá sâu (tối đa ${MAX_JSON_DEPTH} cấp).`,
  chars: 'Dữ liệu gửi lên có ký tự không hợp lệ (ký tự NUL hoặc ký tự Unicode lỗi).',
};

function badPath(path: string): boolean {
  for (const segment of path.split('/')) {
    if (!segment.includes('%')) continue;
    try {
      if (hasUnstorableChars(decodeURIComponent(segment))) return true;
    } catch {
      return true; // %C0%AE, %ED%A0%80, a lone '%': not UTF-8
    }
  }
  return false;
}

/** Refuses (400) a path that does not decode or decodes to NUL/surrogates, and queries with such values. */
export function pathAndQueryGuard(): RequestHandler {
  return (req, _res, next) => {
    if (badPath(req.path)) return next(new AppError('bad_request', 'undecodable path', messages.path));
    if (findJsonProblem(req.query, 4)) return next(new AppError('bad_request', 'bad query', messages.query));
    next();
  };
}

/**
 * After `express.json()`: refuses bodies nested beyond MAX_JSON_DEPTH or carrying unstorable characters; with
 * `clean` (text a citizen typed) the characters are cleaned instead and only the depth is refused.
 */
export function jsonBodyGuard(opts: { clean?: boolean } = {}): RequestHandler {
  return (req, _res, next) => {
    if (req.body === undefined) return next();
    if (opts.clean) {
      const cleaned = cleanJson(req.body);
      if (cleaned === undefined) return next(new AppError('bad_request', 'json body: depth', messages.depth));
      req.body = cleaned;
      return next();
    }
    const problem = findJsonProblem(req.body);
    if (problem) return next(new AppError('bad_request', `json body: ${problem}`, messages[problem]));
    next();
  };
}

// ---- zod helpers: one definition per column type, Vietnamese messages ----

const INT4_MAX = 2_147_483_647;

/** Text a column can store: no NUL, no lone surrogates, bounded length. */
export function safeText(opts: { min?: number; max: number; label?: string }) {
  const label = opts.label ?? 'Nội dung';
  return z
    .string({ error: `${label} phải là chuỗi ký tự.` })
    .min(opts.min ?? 0, `${label} quá ngắn.`)
    .max(opts.max, `${label} dài quá ${opts.max} ký tự.`)
    .refine((s) => !hasUnstorableChars(s), `${label} có ký tự không hợp lệ.`);
}

/** A serial/int4 id (path or body): a positive integer that fits int4; strings of digits accepted. */
export const int4Id = z.coerce
  .number({ error: 'Mã số không hợp lệ.' })
  .int('Mã số phải là số nguyên.')
  .min(1, 'Mã số không hợp lệ.')
  .max(INT4_MAX, 'Mã số quá lớn.');

/** A non-negative integer stored in an int4 column (versions, counts, limits). */
export function int4(opts: { min?: number; max?: number; label?: string } = {}) {
  const label = opts.label ?? 'Giá trị';
  return z.coerce
    .number({ error: `${label} phải là số.` })
    .int(`${label} phải là số nguyên.`)
    .min(opts.min ?? 0, `${label} nhỏ hơn mức cho phép.`)
    .max(opts.max ?? INT4_MAX, `${label} vượt mức cho phép.`);
}

/** A bigserial id as it travels in JSON/URLs: decimal digits, at most 2^63−1. */
export const bigintId = z
  .string({ error: 'Mã số không hợp lệ.' })
  .regex(/^[1-9]\d{0,18}$/, 'Mã số không hợp lệ.')
  .refine((s) => BigInt(s) <= 9_223_372_036_854_775_807n, 'Mã số quá lớn.');

/** A uuid column. */
export const uuidId = z.uuid({ error: 'Mã định danh không hợp lệ.' });

/** Years the product deals with: the plan years and a margin; year 0001 or 9999 is a typo, never data. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** A real calendar day `YYYY-MM-DD` in [MIN_YEAR, MAX_YEAR] (no 2025-02-30). */
export const calendarDay = z
  .string({ error: 'Ngày phải có dạng YYYY-MM-DD.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.')
  .refine(isRealDay, 'Ngày không có thật hoặc ngoài khoảng 2000–2100.');

export function isRealDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  if (y < MIN_YEAR || y > MAX_YEAR) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** An ISO instant with an offset (`2025-03-01T08:00:00+07:00`) on a real day in range, as a Date. */
export const isoInstant = z.iso
  .datetime({ offset: true, error: 'Thời điểm phải có dạng ISO 8601 kèm múi giờ.' })
  .refine((s) => isRealDay(s.slice(0, 10)), 'Thời điểm không có thật hoặc ngoài khoảng 2000–2100.')
  .transform((s) => new Date(s));

/** A report year in range. */
export const reportYear = int4({ min: MIN_YEAR, max: MAX_YEAR, label: 'Năm' });

/** A Date on a real day in [MIN_YEAR, MAX_YEAR] (schemas that also take Date objects, e.g. YAML timestamps). */
export function isSaneInstant(d: Date): boolean {
  const t = d.getTime();
  return Number.isFinite(t) && d.getUTCFullYear() >= MIN_YEAR && d.getUTCFullYear() <= MAX_YEAR;
}

/** A query filter bound: a real day `YYYY-MM-DD` or an ISO instant, in range, as a Date. */
export function dayOrInstant(message: string) {
  return z
    .string({ error: message })
    .refine(
      (s) =>
        /^\d{4}-\d{2}-\d{2}$/.test(s)
          ? isRealDay(s)
          : z.iso.datetime({ offset: true }).safeParse(s).success && isRealDay(s.slice(0, 10)),
      message,
    )
    .transform((s) => new Date(s));
}
