import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isQuietTime, quietEndsAt } from './quiet-hours.ts';
import { buildMessage } from './sender.ts';

const cfg = { QUIET_HOURS_START: '21:00', QUIET_HOURS_END: '07:00', TZ_APP: 'Asia/Ho_Chi_Minh' };

describe('quiet hours', () => {
  it('holds 21:00–07:00 local time whatever the machine zone', () => {
    expect(isQuietTime(new Date('2025-05-05T13:59:59Z'), cfg)).toBe(false); // 20:59:59
    expect(isQuietTime(new Date('2025-05-05T14:00:00Z'), cfg)).toBe(true); // 21:00
    expect(isQuietTime(new Date('2025-05-05T23:59:00Z'), cfg)).toBe(true); // 06:59
    expect(isQuietTime(new Date('2025-05-06T00:00:00Z'), cfg)).toBe(false); // 07:00
    expect(
      isQuietTime(new Date('2025-05-05T14:00:00Z'), {
        ...cfg,
        QUIET_HOURS_START: '00:00',
        QUIET_HOURS_END: '00:00',
      }),
    ).toBe(false);
    expect(
      isQuietTime(new Date('2025-05-05T05:30:00Z'), {
        ...cfg,
        QUIET_HOURS_START: '12:00',
        QUIET_HOURS_END: '13:00',
      }),
    ).toBe(true);
  });

  it('ends at the next 07:00, and that instant is outside quiet hours', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }),
        (d) => {
          const end = quietEndsAt(d, cfg);
          expect(isQuietTime(end, cfg)).toBe(false);
          expect(end.getTime()).toBeGreaterThanOrEqual(d.getTime());
          expect(end.getTime() - d.getTime()).toBeLessThanOrEqual(10 * 3600_000);
        },
      ),
    );
  });
});

describe('buildMessage', () => {
  const content = {
    text: { vi: 'Xin chào', km: 'សួស្តី', en: null },
    title: 'Tiêu đề',
    imageUrl: null,
    buttonTitle: 'Xem',
    buttonUrl: 'https://dichvucong.gov.vn',
    linkToken: 'tok123456789',
  };
  const footers = { vi: 'Gõ "hủy nhận tin"', km: 'stop km' };

  it('uses the follower language when translated, else Vietnamese, with the tracked link and the opt-out line', () => {
    const km = buildMessage(content, 'km', 'vinh-chau-p1', 'https://cchc.example.vn/', footers);
    expect(km).toEqual({
      type: 'text',
      text: 'សួស្តី\n\nstop km',
      buttons: [
        {
          title: 'Xem',
          type: 'oa.open.url',
          payload: 'https://cchc.example.vn/r/tok123456789?a=vinh-chau-p1',
        },
      ],
    });
    const en = buildMessage(content, 'en', null, undefined, footers);
    expect(en).toMatchObject({
      text: 'Xin chào\n\nGõ "hủy nhận tin"',
      buttons: [{ payload: 'https://dichvucong.gov.vn' }],
    });
  });

  it('drops the opt-out line rather than exceed 2000 characters, and uses a list card for images', () => {
    const long = { ...content, text: { vi: 'a'.repeat(1995), km: null, en: null } };
    expect(buildMessage(long, 'vi', null, undefined, footers)).toMatchObject({ text: 'a'.repeat(1995) });
    const img = buildMessage({ ...content, imageUrl: 'https://x.vn/a.png' }, 'vi', null);
    expect(img).toMatchObject({
      type: 'list',
      elements: [{ title: 'Tiêu đề', imageUrl: 'https://x.vn/a.png' }],
    });
  });
});
