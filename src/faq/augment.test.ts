import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abbreviate, augmentTexts, chatForm, withTypos } from './augment.ts';
import { mulberry32 } from './classifier.ts';
import { normalise } from './normalise.ts';
import type { LabelledText } from './training-data.ts';

// Phrases whose chat forms the normaliser expands back ("hông" and "nhiêu" it cannot: "hồng", "nhiều").
const phrase = fc.constantFrom(
  'căn cước công dân',
  'giấy phép lái xe',
  'lý lịch tư pháp',
  'bảo hiểm y tế',
  'dịch vụ công',
  'hồ sơ',
  'được',
  'gì',
  'vậy',
  'như thế nào',
  'làm',
  'ở đâu',
  'cho con',
);
const sentence = fc.array(phrase, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));

describe(abbreviate.name, () => {
  it('writes phrases the way chat does, and the normaliser reads them back to the same words', () => {
    expect(abbreviate('Làm căn cước công dân được không vậy', () => 0)).toBe('làm cccd đc ko z');
    fc.assert(
      fc.property(sentence, fc.integer(), (s, seed) => {
        expect(normalise(abbreviate(s, mulberry32(seed))).bareText).toBe(normalise(s).bareText);
      }),
      { numRuns: 300 },
    );
  });
});

describe(withTypos.name, () => {
  it('changes at least one word of three letters or more and never adds or removes a word', () => {
    fc.assert(
      fc.property(sentence, fc.integer(), (s, seed) => {
        const out = withTypos(s, mulberry32(seed));
        if (s.split(' ').some((w) => w.length >= 3)) expect(out).not.toBe(s);
        else expect(out).toBe(s);
        expect(out.split(' ')).toHaveLength(s.split(' ').length);
      }),
      { numRuns: 300 },
    );
  });
});

describe(chatForm.name, () => {
  it('is the same on every call and never throws on any string', () => {
    expect(chatForm('Làm căn cước công dân cho con ở đâu')).toBe(
      chatForm('Làm căn cước công dân cho con ở đâu'),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const form = chatForm(s);
        expect(form === undefined || typeof form === 'string').toBe(true);
        expect(form).not.toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe(augmentTexts.name, () => {
  it('copies Vietnamese variants only, each under its own label', () => {
    const texts: LabelledText[] = [
      { text: 'đăng ký khai sinh cho con ở đâu vậy', label: 'birth', lang: 'vi', source: 'variant' },
      { text: 'Đăng ký khai sinh', label: 'birth', lang: 'vi', source: 'title' },
      { text: 'khai sinh', label: 'birth', lang: 'vi', source: 'keyword' },
      { text: 'how to register a birth', label: 'birth', lang: 'en', source: 'variant' },
      { text: 'giá vàng hôm nay bao nhiêu', label: 'out-of-scope', lang: 'vi', source: 'negative' },
    ];
    const copies = augmentTexts(texts);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ label: 'birth', lang: 'vi', source: 'variant' });
    expect(copies[0]!.text).not.toBe(texts[0]!.text);
  });
});
