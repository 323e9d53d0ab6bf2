/**
 * The small normaliser built-in commands are matched with: "Hủy  NHẬN tin" and "huy nhan tin" compare equal.
 * Deliberately tiny; the FAQ has its own richer Vietnamese normaliser.
 */
export function normaliseCommand(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // combining marks (Vietnamese tones and vowel marks)
    .replace(/[đĐ]/g, 'd')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '') // zero-width characters pasted from other apps
    .replace(/\p{Cc}|\p{Cs}|\ufffd/gu, ' ') // control characters, broken surrogate halves and their U+FFFD
    .toLowerCase()
    .replace(/[!?.,;:…"'“”]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}

/** Keeps at most `max` code points, never splitting a surrogate pair (emoji stay whole). */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, max).join('');
}
