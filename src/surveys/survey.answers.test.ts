import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { surveyDefinitionSchema, segmentQuestionOf, type SurveyDefinition } from './survey.definition.ts';
import {
  evaluateUnderstanding,
  isShown,
  parseAnswer,
  validateAnswers,
  type Answers,
} from './survey.answers.ts';

const load = (name: string) =>
  surveyDefinitionSchema.parse(
    parse(readFileSync(`content/surveys/${name}.yaml`, 'utf8')),
  ) as SurveyDefinition;
const citizen = load('citizen-cchc-2025');
const servant = load('civil-servant-cchc-2025');
const q = (d: SurveyDefinition, id: string) => d.questions.find((x) => x.id === id)!;

/** A complete valid citizen response with the given knowledge answers and self-assessment. */
function citizenAnswers(knowledge: string[], self: number): Record<string, unknown> {
  return {
    r1: 'a',
    s1: self,
    k1: knowledge[0],
    k2: knowledge[1],
    k3: knowledge[2],
    k4: knowledge[3],
    u1: 'no',
    u3: ['a'],
    c1: ['a', 'b'],
  };
}

describe('survey definitions', () => {
  it('loads both shipped surveys', () => {
    expect(citizen.questions.length).toBeGreaterThan(5);
    expect(servant.understanding.knowledge?.minCorrect).toBe(4);
    expect(segmentQuestionOf(citizen)?.id).toBe('r1');
  });

  it('rejects broken references with Vietnamese messages', () => {
    const raw = parse(readFileSync('content/surveys/citizen-cchc-2025.yaml', 'utf8'));
    raw.questions[7].showIf = { question: 'zz', equals: 'yes' };
    raw.questions[2].correct = ['x'];
    raw.understanding.knowledge.items = ['k1', 'r1'];
    raw.understanding.selfAssessment.minValue = 9;
    const result = surveyDefinitionSchema.safeParse(raw);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'điều kiện hiển thị trỏ tới câu "zz" không tồn tại',
        'đáp án đúng "x" không phải một phương án',
        '"r1" không phải câu kiến thức',
        'mức tối thiểu nằm ngoài thang điểm của câu "s1"',
      ]),
    );
  });

  it('rejects skip logic pointing forward or at an impossible answer', () => {
    const raw = parse(readFileSync('content/surveys/citizen-cchc-2025.yaml', 'utf8'));
    raw.questions[0].showIf = { question: 'u1', equals: 'yes' };
    raw.questions[8].showIf = { question: 'u1', equals: 'maybe' };
    const messages = surveyDefinitionSchema.safeParse(raw).error!.issues.map((i) => i.message);
    expect(messages).toContain('điều kiện hiển thị phải dựa vào một câu hỏi đứng trước');
    expect(messages).toContain('câu "u1" không có đáp án "maybe"');
  });
});

describe('parseAnswer', () => {
  it('checks Likert range and integers', () => {
    expect(parseAnswer(q(citizen, 's1'), 5)).toEqual({ ok: true, value: 5 });
    expect(parseAnswer(q(citizen, 's1'), '4')).toEqual({ ok: true, value: 4 });
    expect(parseAnswer(q(citizen, 's1'), 6)).toEqual({ ok: false, message: 'điểm 6 nằm ngoài thang 1–5' });
    expect(parseAnswer(q(citizen, 's1'), 2.5).ok).toBe(false);
  });

  it('refuses text where a choice is expected and unknown options', () => {
    expect(parseAnswer(q(citizen, 'k1'), 'Chính quyền thân thiện')).toEqual({
      ok: false,
      message: 'không có phương án "Chính quyền thân thiện"',
    });
    expect(parseAnswer(q(citizen, 'c1'), ['a', 'zz']).ok).toBe(false);
    expect(parseAnswer(q(citizen, 'c1'), ['b', 'a', 'b'])).toEqual({ ok: true, value: ['a', 'b'] });
    expect(parseAnswer(q(citizen, 'u1'), 'có').ok).toBe(false);
  });

  it('normalises text to NFC and limits its length', () => {
    expect(parseAnswer(q(citizen, 't1'), '  Cho\u0302\u0301 '.normalize('NFD'))).toEqual({
      ok: true,
      value: 'Chố',
    });
    expect(parseAnswer(q(citizen, 't1'), 'x'.repeat(501)).ok).toBe(false);
  });
});

describe('validateAnswers', () => {
  it('accepts a full response and drops answers to hidden questions', () => {
    const result = validateAnswers(citizen, { ...citizenAnswers(['b', 'b', 'b', 'b'], 5), u2: 3 });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.answers.u2).toBeUndefined();
  });

  it('lists every problem: unknown question, missing required, bad value', () => {
    const result = validateAnswers(citizen, {
      ...citizenAnswers(['b', 'b', 'b', 'b'], 7),
      zz: 'a',
      k2: undefined,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.question).sort()).toEqual(['k2', 's1', 'zz']);
  });

  it('applies skip logic: u2 required only when u1 = yes', () => {
    const base = { ...citizenAnswers(['b', 'b', 'b', 'b'], 5), u1: 'yes', u3: undefined };
    expect(validateAnswers(citizen, base).ok).toBe(false);
    expect(validateAnswers(citizen, { ...base, u2: 4 }).ok).toBe(true);
    expect(isShown(q(citizen, 'u3'), { u1: 'no' })).toBe(true);
    expect(isShown(q(citizen, 'u3'), {})).toBe(false);
  });
});

describe('evaluateUnderstanding', () => {
  const answersOf = (knowledge: string[], self: number): Answers => {
    const r = validateAnswers(citizen, citizenAnswers(knowledge, self));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.answers;
  };

  it('needs 3 of 4 knowledge items AND a self-assessment of 4 or 5 (citizen rule)', () => {
    expect(evaluateUnderstanding(citizen, answersOf(['b', 'b', 'b', 'a'], 4))).toEqual({
      understands: true,
      knowledgeCorrect: 3,
      knowledgeTotal: 4,
      selfAssessment: 4,
    });
    expect(evaluateUnderstanding(citizen, answersOf(['b', 'b', 'dk', 'a'], 5)).understands).toBe(false);
    expect(evaluateUnderstanding(citizen, answersOf(['b', 'b', 'b', 'b'], 3)).understands).toBe(false);
  });

  it('with combine: any, one part is enough', () => {
    const any = { ...citizen, understanding: { ...citizen.understanding, combine: 'any' as const } };
    expect(evaluateUnderstanding(any, answersOf(['b', 'b', 'b', 'b'], 1)).understands).toBe(true);
    expect(evaluateUnderstanding(any, answersOf(['a', 'a', 'a', 'a'], 1)).understands).toBe(false);
  });

  it('property: understands ⇔ (correct ≥ minCorrect ∧ self ≥ minValue), and more right answers never hurt', () => {
    const choice = fc.constantFrom('a', 'b', 'c', 'dk');
    fc.assert(
      fc.property(
        fc.array(choice, { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 1, max: 5 }),
        (k, self) => {
          const outcome = evaluateUnderstanding(citizen, answersOf(k, self));
          const correct = k.filter((x) => x === 'b').length;
          expect(outcome.knowledgeCorrect).toBe(correct);
          expect(outcome.understands).toBe(correct >= 3 && self >= 4);
          const better = evaluateUnderstanding(
            citizen,
            answersOf(['b', ...k.slice(1)], Math.min(5, self + 1)),
          );
          if (outcome.understands) expect(better.understands).toBe(true);
        },
      ),
    );
  });
});
