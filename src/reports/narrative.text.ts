/**
 * Narrative sections are plain text: people paste from Word or a web page, so HTML is turned into text here (block
 * ends become line breaks, tags are dropped, entities decoded) and pictures are refused with a message saying why.
 * Pure functions, no I/O.
 */

/** Characters per section: a few pages of text, far below what a pasted picture weighs. */
export const NARRATIVE_MAX_CHARS = 12_000;

export type NarrativeCheck = { ok: true; text: string } | { ok: false; message: string };

const IMAGE = /<img\b|data:image\/|<svg\b|<picture\b|<object\b/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : '';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** HTML (or text) to plain text; the result has no tags, and cleaning it again changes nothing. */
export function toPlainText(input: string): string {
  let s = decodeEntities(input.replace(/\r\n?/g, '\n'));
  // Decoding may reveal tags (&lt;b&gt;): strip until nothing changes, a bounded number of times.
  for (let i = 0; i < 5; i++) {
    const next = decodeEntities(
      s
        .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
        .replace(/<br\s*\/?>/gi, '\n')
        .replace(/<\/(p|div|li|h[1-6]|tr)\s*>/gi, '\n')
        .replace(/<li\b[^>]*>/gi, '- ')
        .replace(/<\/?[a-z!?/][^>]*>/gi, ''),
    );
    if (next === s) break;
    s = next;
  }
  return (
    s
      // A '<' left before a letter would read as the start of a tag to whoever renders this as HTML later.
      .replace(/<(?=[a-z!?/])/gi, '< ')
      // Control characters are invisible in the report and break XML; tabs and line breaks stay.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** Checks one section: pictures refused, HTML cleaned, size limited. `label` names the section in the message. */
export function checkNarrative(input: string, label: string): NarrativeCheck {
  if (IMAGE.test(input))
    return {
      ok: false,
      message: `Mục “${label}” có hình ảnh. Báo cáo chỉ nhận văn bản: hãy bỏ hình ảnh và gửi kèm ảnh dưới dạng tài liệu riêng.`,
    };
  const text = toPlainText(input);
  if (text.length > NARRATIVE_MAX_CHARS)
    return {
      ok: false,
      message: `Mục “${label}” dài ${text.length.toLocaleString('vi-VN')} ký tự, quá giới hạn ${NARRATIVE_MAX_CHARS.toLocaleString('vi-VN')} ký tự. Vui lòng rút gọn.`,
    };
  return { ok: true, text };
}
