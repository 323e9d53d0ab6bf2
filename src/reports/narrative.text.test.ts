import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkNarrative, NARRATIVE_MAX_CHARS, toPlainText } from './narrative.text.ts';

describe(toPlainText.name, () => {
  it('turns pasted HTML into text with line breaks where blocks ended', () => {
    expect(toPlainText('<p>Đã đăng <b>12</b> tin</p><p>Tổ chức 2 hội nghị&nbsp;&amp; tọa đàm</p>')).toBe(
      'Đã đăng 12 tin\nTổ chức 2 hội nghị & tọa đàm',
    );
    expect(toPlainText('<ul><li>Một</li><li>Hai</li></ul>')).toBe('- Một\n- Hai');
    expect(toPlainText('<script>alert(1)</script>Xong')).toBe('Xong');
  });

  it('keeps text that only looks like markup when it is not a tag', () => {
    expect(toPlainText('Tỷ lệ < 80% và > 50%')).toBe('Tỷ lệ < 80% và > 50%');
  });

  it('does not let encoded tags through', () => {
    expect(toPlainText('&lt;img src=x onerror=alert(1)&gt;chữ')).toBe('chữ');
  });

  it('leaves no tag behind, and cleaning twice changes nothing (property)', () => {
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<',
        '>',
        '&lt;',
        '&gt;',
        '&amp;',
        '<b>',
        '</p>',
        '<br/>',
        '<a href="x">',
        '&#60;',
        '<!--',
        '<scr',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (parts) => {
        const once = toPlainText(parts.join(''));
        expect(once).not.toMatch(/<[a-z!?/]/i);
        expect(toPlainText(once)).toBe(once);
      }),
    );
  });
});

describe(checkNarrative.name, () => {
  it('refuses pictures with a message naming the section', () => {
    const r = checkNarrative('<p>Ảnh hội nghị</p><img src="data:image/png;base64,AAAA">', 'Kết quả đạt được');
    expect(r).toEqual({ ok: false, message: expect.stringContaining('Kết quả đạt được') });
    expect(r.ok ? '' : r.message).toMatch(/hình ảnh/);
  });

  it('refuses a section over the size limit and accepts one at it', () => {
    expect(checkNarrative('a'.repeat(NARRATIVE_MAX_CHARS + 1), 'Hạn chế').ok).toBe(false);
    expect(checkNarrative('a'.repeat(NARRATIVE_MAX_CHARS), 'Hạn chế')).toEqual({
      ok: true,
      text: 'a'.repeat(NARRATIVE_MAX_CHARS),
    });
  });
});
