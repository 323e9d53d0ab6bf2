import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answersToSend, folded, isShown, type SkippableQuestion } from '../../miniapp/src/survey/answers.ts';

/** Strings of Vietnamese letters, precomposed or with combining tone marks, spaces and ASCII. */
const vietnamese = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'aăâeêioôơuưyđĐAĂÂƯ ̣́̀̉̃'.split('')),
    fc.constantFrom(...'ắằẳẵặếềểễệốồổỗộớờởỡợứừửữựý'.split('')),
  ),
});

describe('commune search folding (no diacritics needed)', () => {
  it('matches Vietnamese names typed without accents, đ as d', () => {
    expect(folded('Phường Vĩnh Phước')).toBe('phuong vinh phuoc');
    expect(folded('Xã Đại Ngãi')).toBe('xa dai ngai');
    expect(folded('  Phường   Sóc Trăng ')).toBe('phuong soc trang');
  });

  it('is idempotent and ignores letter case and Unicode composition', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), vietnamese), (s) => {
        const f = folded(s);
        expect(folded(f)).toBe(f);
        expect(folded(s.toUpperCase())).toBe(folded(s.toLowerCase()));
        expect(folded(s.normalize('NFC'))).toBe(folded(s.normalize('NFD')));
      }),
    );
  });

  it('leaves no combining mark and no đ behind', () => {
    fc.assert(
      fc.property(vietnamese, (s) => {
        expect(folded(s)).not.toMatch(/[\p{M}đĐ]/u);
      }),
    );
  });
});

const q = (id: string, extra: Partial<SkippableQuestion> = {}): SkippableQuestion => ({ id, ...extra });

describe('answers sent to the server', () => {
  const questions = [q('u1'), q('why', { showIf: { question: 'u1', equals: 'no' } }), q('c1'), q('t1')];

  it('drops answers of questions hidden by skip logic, and empty ones', () => {
    const sent = answersToSend(questions, { u1: 'yes', why: 'left over', c1: [], t1: '   ' });
    expect(sent).toEqual({ u1: 'yes' });
    expect(answersToSend(questions, { u1: 'no', why: 'xa', c1: ['a'] })).toEqual({
      u1: 'no',
      why: 'xa',
      c1: ['a'],
    });
  });

  it('never sends an answer to a question that is not shown', () => {
    fc.assert(
      fc.property(fc.constantFrom('yes', 'no'), fc.string(), (u1, why) => {
        const sent = answersToSend(questions, { u1, why });
        const shown = questions.filter((x) => isShown(x, sent)).map((x) => x.id);
        for (const key of Object.keys(sent)) expect(shown).toContain(key);
      }),
    );
  });
});
