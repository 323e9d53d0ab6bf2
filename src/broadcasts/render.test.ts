import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPromotionMessage } from '../zalo/zalo.messages.ts';
import { zaloTextLength } from '../zalo/zalo.message-schemas.ts';
import { renderPromotion, splitText } from './render.ts';

const content = {
  text: { vi: 'Dòng một\nDòng hai', km: null, en: 'Line one' },
  title: 'Đề án 06',
  imageUrl: null,
  buttonTitle: 'Xem',
  buttonUrl: 'https://dichvucong.gov.vn',
  linkToken: 'tok123',
};

describe(splitText.name, () => {
  it('keeps every block within the limit and loses no visible character', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'ể', ' ', '\n', '😀', 'b'),
      maxLength: 3000,
      size: 'max',
    });
    fc.assert(
      fc.property(text, fc.integer({ min: 40, max: 1000 }), (s, max) => {
        const blocks = splitText(s, max);
        for (const b of blocks) expect(zaloTextLength(b)).toBeLessThanOrEqual(max);
        const visible = (x: string) => x.replace(/<br>/g, '').replace(/\s/g, '');
        expect(blocks.map(visible).join('')).toBe(visible(s));
      }),
      { numRuns: 150 },
    );
  });
});

describe(renderPromotion.name, () => {
  it('is a promotion the builder accepts: header = title, text with <br>, the tracked link, the footer', () => {
    const m = renderPromotion(content, 'km', 'p1', {
      baseUrl: 'https://cchc.example.vn',
      footers: { vi: 'Gõ "hủy nhận tin"' },
    });
    expect(m.elements).toEqual([
      { type: 'header', content: 'Đề án 06' },
      { type: 'text', align: 'left', content: 'Dòng một<br>Dòng hai' },
      { type: 'text', align: 'left', content: 'Gõ "hủy nhận tin"' },
    ]);
    expect(m.buttons).toEqual([
      { title: 'Xem', type: 'oa.open.url', payload: 'https://cchc.example.vn/r/tok123?a=p1' },
    ]);
    expect(() => buildPromotionMessage('u', m)).not.toThrow();
  });

  it('uses the item image as banner, else the default banner, and splits a 2000-character text', () => {
    const long = { ...content, text: { vi: 'chữ '.repeat(500), km: null, en: null } };
    const withDefault = renderPromotion(long, 'vi', null, {
      defaultBannerUrl: 'https://cchc.example.vn/banner.png',
    });
    expect(withDefault.elements[0]).toEqual({
      type: 'banner',
      imageUrl: 'https://cchc.example.vn/banner.png',
    });
    expect(withDefault.elements.filter((e) => e.type === 'text').length).toBe(2);
    expect(() => buildPromotionMessage('u', withDefault)).not.toThrow();
    const own = renderPromotion({ ...content, imageUrl: 'https://x.vn/a.png' }, 'en', null);
    expect(own.elements[0]).toEqual({ type: 'banner', imageUrl: 'https://x.vn/a.png' });
    expect(own.elements[2]).toEqual({ type: 'text', align: 'left', content: 'Line one' });
  });
});
