import fc from 'fast-check';

/** Who sends a fuzzed request: the headers of an anonymous caller, a signed-in admin or a mini-app citizen. */
export interface Identity {
  name: string;
  headers: () => Promise<Record<string, string>>;
}

/** Percent-encodes every UTF-16 unit, lone surrogates included (as the 3-byte form no UTF-8 decoder accepts). */
export function encodeUnits(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out +=
        `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    } else out += encodeURIComponent(ch);
  }
  return out;
}

/** Strings PostgreSQL or a parser may choke on. */
export const nastyString = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '\ud83d',
    '',
    ' ',
    'x'.repeat(10_000),
    '../../etc/passwd',
    "'; drop table audit_log; --",
    '%00',
    '\u202e',
    '🙂',
    'Ngày 30/02/2025',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 8 }).map((s) => `${s}\u0000${s}`),
);

/** Numbers beyond the column types (int4, bigint), not numbers at all, or not integers. */
export const nastyNumberText = fc.constantFrom(
  '3000000000',
  '2147483648',
  '-2147483649',
  '9223372036854775808',
  '99999999999999999999999999',
  '-1',
  '0',
  '1.5',
  '1e400',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  '١٢',
);

/** Dates and periods that look right and are not: impossible days, year 0, years far away. */
export const nastyDateText = fc.constantFrom(
  '2025-02-30',
  '2025-02-29',
  '2025-13-01',
  '0001-01-01',
  '0000-01-01',
  '9999-12-31',
  '+275760-09-13',
  '2025-02-30T00:00:00Z',
  '2025-02-28T24:00:00+07:00',
  '0001-01-01T00:00:00Z',
  '-000001-01-01T00:00:00.000Z',
  '2025-1-1',
  '0000-q1',
  '2025-q9',
  '99999-q1',
  '2025-year',
  '2025-h1',
);

const badEscapes = fc.constantFrom(
  '%00',
  '%C0%AE%C0%AE%2F',
  '%C0%AE%C0%AE',
  '%ED%A0%80',
  '%E0%80',
  '%',
  '%zz',
  '%2',
  '%2e%2e',
  '%2F',
  '%FF',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-fffffffffffg',
);

/** A path segment, already encoded: bad escapes, encoded NUL/surrogates, huge numbers, bad dates, junk. */
export const badPathSegment = fc.oneof(
  { weight: 2, arbitrary: badEscapes },
  { weight: 3, arbitrary: nastyNumberText.map(encodeURIComponent) },
  { weight: 1, arbitrary: nastyDateText.map(encodeURIComponent) },
  { weight: 1, arbitrary: nastyString.map(encodeUnits) },
);

const dateKeys = ['period', 'from', 'to', 'followedFrom', 'followedTo'] as const;
const numberKeys = ['year', 'month', 'limit', 'offset', 'page', 'pageSize', 'item', 'version'] as const;
const otherKeys = [
  'status',
  'q',
  'areaCode',
  'unit',
  'theme',
  'tag',
  'format',
  'lang',
  'a',
  'action',
  'username',
];

/** One `key=value` pair whose value is bad for the kind of key (dates for `period`, numbers for `limit`). */
const queryPair = fc.oneof(
  fc.tuple(fc.constantFrom(...dateKeys), fc.oneof(nastyDateText.map(encodeURIComponent), badEscapes)),
  fc.tuple(fc.constantFrom(...numberKeys), fc.oneof(nastyNumberText.map(encodeURIComponent), badEscapes)),
  fc.tuple(
    fc.constantFrom(...otherKeys, ...otherKeys.map((k) => `${k}[x]`)),
    fc.oneof(badPathSegment, fc.constantFrom('', '1', 'q1', '2025-q1', 'xlsx', 'vi')),
  ),
);

/** A query string (with its `?`): known parameter names with bad values, repeated keys, bracket keys. */
export const badQuery = fc.oneof(
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: fc
      .array(queryPair, { minLength: 1, maxLength: 4 })
      .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  },
);

/** Field names the routes read, so bad values land where a schema looks. */
const fieldName = fc.constantFrom(
  'id',
  'name',
  'text',
  'title',
  'body',
  'username',
  'password',
  'displayName',
  'role',
  'unitCode',
  'areaCode',
  'phone',
  'token',
  'accessToken',
  'code',
  'definition',
  'version',
  'answers',
  'answer',
  'questionId',
  'optionIds',
  'opensAt',
  'closesAt',
  'scheduledAt',
  'sendAt',
  'date',
  'from',
  'to',
  'period',
  'reason',
  'status',
  'tags',
  'audience',
  'content',
  'items',
  'questions',
  'rounds',
  'userId',
  'refreshToken',
  'lang',
  'consent',
  'commune',
  'fullName',
  'limit',
);

/** A JSON value as raw text: numbers JSON.parse turns into Infinity or loses, nested values, wrong types. */
const leafText: fc.Arbitrary<string> = fc.oneof(
  nastyString.map((s) => JSON.stringify(s)),
  nastyNumberText.filter((n) => /^-?\d/.test(n)),
  nastyDateText.map((d) => JSON.stringify(d)),
  fc.constantFrom('null', 'true', 'false', '[]', '{}', '[null]', '{"":{}}', '"__proto__"'),
);

const valueText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafText,
    fc.array(tie('value'), { maxLength: 3 }).map((a) => `[${a.join(',')}]`),
    fc
      .array(fc.tuple(fieldName, tie('value')), { maxLength: 4 })
      .map((e) => `{${e.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).value;

/** `depth` levels of nesting around a value: arrays or objects. */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A request body as raw JSON text: objects of known fields with bad values, deep nesting, bad syntax. */
export const badJsonText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.tuple(fieldName, valueText), { minLength: 1, maxLength: 6 })
      .map((e) => `{${e.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(3_000, 20_000)
      .chain((d) => fc.constantFrom(deepJson(d, 'array'), deepJson(d, 'object'))),
  },
  { weight: 1, arbitrary: valueText },
  {
    weight: 1,
    arbitrary: fc.constantFrom('{', '{"a":1,}', '"\\ud800"', '{"a":"\\u0000"}', '{"__proto__":{"x":1}}'),
  },
);

const MARK = '\u0001fuzz-mark\u0001';

/** Every place in a JSON value (as key paths), the root included. */
function placesOf(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path);
  if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      placesOf(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

/**
 * A valid body with one place replaced by a bad value (raw JSON text, so `1e400` and `3000000000` arrive as
 * written): the request passes the outer schema and the bad value reaches the code behind it.
 */
export function mutatedBody(template: unknown): fc.Arbitrary<string> {
  const places = placesOf(template);
  return fc.tuple(fc.nat({ max: places.length - 1 }), leafText, fc.boolean()).map(([i, bad, asKey]) => {
    const path = places[i]!;
    if (path.length === 0) return bad;
    const copy = structuredClone(template) as Record<string | number, unknown>;
    let holder = copy;
    for (const k of path.slice(0, -1)) holder = holder[k] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    // Sometimes a new key beside the old one (strict schemas, unknown fields), mostly the value itself.
    if (asKey && !Array.isArray(holder)) holder[`${String(last)}_x`] = MARK;
    else holder[last] = MARK;
    return JSON.stringify(copy).replace(JSON.stringify(MARK), bad);
  });
}
