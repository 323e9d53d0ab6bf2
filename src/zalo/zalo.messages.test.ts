import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toZaloMessage, ZALO_TEXT_LIMIT, ZaloMessageInvalidError, zaloTextLength } from './zalo.messages.ts';

describe(toZaloMessage.name, () => {
  it('accepts any non-blank text up to the limit and sends it unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: ZALO_TEXT_LIMIT }), (text) => {
        fc.pre(text.trim().length > 0 && zaloTextLength(text) <= ZALO_TEXT_LIMIT);
        expect(toZaloMessage({ type: 'text', text })).toEqual({ text });
      }),
    );
  });

  it('rejects any text over the limit, whatever it is made of', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 50 }),
        (s, extra) => {
          fc.pre(s.trim().length > 0);
          const text = s.repeat(Math.ceil((ZALO_TEXT_LIMIT + extra) / zaloTextLength(s)));
          expect(() => toZaloMessage({ type: 'text', text })).toThrow(ZaloMessageInvalidError);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('counts an emoji once and a zero-width joiner as a character', () => {
    expect(zaloTextLength('😀')).toBe(1);
    expect(zaloTextLength('a\u200bb')).toBe(3);
    expect(() => toZaloMessage({ type: 'text', text: '😀'.repeat(ZALO_TEXT_LIMIT) })).not.toThrow();
    expect(() => toZaloMessage({ type: 'text', text: '😀'.repeat(ZALO_TEXT_LIMIT + 1) })).toThrow(/2001/);
  });

  it('rejects a blank text and an empty button title', () => {
    expect(() => toZaloMessage({ type: 'text', text: ' \n\t ' })).toThrow(ZaloMessageInvalidError);
    expect(() =>
      toZaloMessage({
        type: 'text',
        text: 'x',
        buttons: [{ title: ' ', type: 'oa.query.show', payload: 'q' }],
      }),
    ).toThrow(/buttons\[0\]\.title/);
  });
});
