import type { LawRegister, OutdatedClaim, ReplacedDocument } from './replaced-law.ts';

/**
 * Finds citations of replaced documents, and outdated claims, that a text makes as if they were current.
 *
 * The rule, sentence by sentence (a sentence ends at . ! ? ; or a line break followed by more text):
 * 1. A sentence cites a document when it holds its number ("61/2018", written with or without the "/NĐ-CP"
 *    suffix, "Đ" or "D", spaces around "/" allowed) or one of its `names`. A number whose first part could be a month
 *    (≤ 12, e.g. "01/2023", as in "tháng 01/2023") counts only with its suffix ("01/2023/TT-VPCP"), so dates are not citations.
 * 2. A sentence makes a claim when it holds a term of every term group of the claim (case-insensitive).
 * 3. Either is allowed when the text speaks for a day before the replacement (`asOf < from`: a 2025 survey, a
 *    finished contest), or when the same sentence marks it as history with one of HISTORY_MARKERS, e.g.
 *    "Nghị định 61/2018/NĐ-CP (đã được thay thế bởi Nghị định 118/2025/NĐ-CP)".
 * Anything else is a finding.
 */

export const HISTORY_MARKERS = [
  // Vietnamese
  'thay thế',
  'hết hiệu lực',
  'không còn hiệu lực',
  'bãi bỏ',
  'trước đây',
  'quy định cũ',
  'áp dụng trước',
  'không còn',
  'chuyển từ',
  'moved from',
  'applied before',
  'trước ngày 01/7/2025',
  'trước ngày 01/3/2025',
  'trước ngày 01/01/2026',
  // English
  'replaced',
  'repealed',
  'no longer in force',
  'formerly',
  'no longer',
  // Khmer: ជំនួស "replace", អស់សុពលភាព "expired"
  'ជំនួស',
  'អស់សុពលភាព',
] as const;

export interface Finding {
  kind: 'document' | 'claim';
  /** The document number or the claim id. */
  ref: string;
  /** What to write instead. */
  now: string;
  from: string;
  sentence: string;
  /** false for unconfirmed register rows: reported, but not a failure. */
  confirmed: boolean;
}

/** Splits a text into sentences; the pieces keep their original characters. */
export function sentences(text: string): string[] {
  return text
    .normalize('NFC')
    .split(/(?<=[.!?;])\s+|\r?\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Folds what varies between citations of the same number: Đ/D, case, spaces around "/". */
function fold(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[Đđ]/g, 'd')
    .toLowerCase()
    .replace(/\s*\/\s*/g, '/');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The regular expression that finds one document's number in folded text. */
export function numberPattern(number: string): RegExp {
  const [num, year, ...suffix] = fold(number).split('/');
  const core = `${escape(String(Number(num)))}/${escape(year!)}`;
  const tail = `/${escape(suffix.join('/'))}`;
  // A leading zero is optional ("01/2023" = "1/2023"); nothing may touch the number on either side.
  const head = `(?<![\\d/])0*${core}`;
  return Number(num) <= 12
    ? new RegExp(`${head}${tail}(?![\\w-])`, 'u')
    : new RegExp(`${head}(?![\\d])(?:${tail})?`, 'u');
}

function isHistorical(sentence: string): boolean {
  const lower = sentence.toLowerCase();
  return HISTORY_MARKERS.some((m) => lower.includes(m));
}

function citesDocument(sentence: string, doc: ReplacedDocument, pattern: RegExp): boolean {
  if (pattern.test(fold(sentence))) return true;
  const lower = sentence.toLowerCase();
  return doc.names.some((n) => lower.includes(n.toLowerCase()));
}

function makesClaim(sentence: string, claim: OutdatedClaim): boolean {
  const lower = sentence.toLowerCase();
  return claim.terms.every((group) => group.some((t) => lower.includes(t.toLowerCase())));
}

/** A register prepared for scanning many texts (patterns compiled once). */
export interface Scanner {
  scan(text: string, asOf: string): Finding[];
}

export function createScanner(register: LawRegister): Scanner {
  const docs = register.documents.map((d) => ({ d, pattern: numberPattern(d.number) }));
  return {
    scan(text, asOf) {
      const findings: Finding[] = [];
      for (const sentence of sentences(text)) {
        const historical = isHistorical(sentence);
        for (const { d, pattern } of docs)
          if (asOf >= d.from && !historical && citesDocument(sentence, d, pattern))
            findings.push({
              kind: 'document',
              ref: d.number,
              now: d.replacedBy,
              from: d.from,
              sentence,
              confirmed: d.confirmed,
            });
        for (const c of register.claims)
          if (asOf >= c.from && !historical && makesClaim(sentence, c))
            findings.push({ kind: 'claim', ref: c.id, now: c.now, from: c.from, sentence, confirmed: true });
      }
      return findings;
    },
  };
}
