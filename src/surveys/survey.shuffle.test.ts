import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { chatValue } from './survey.chat.words.ts';
import { evaluateUnderstanding, validateAnswers, type Answers } from './survey.answers.ts';
import { surveyDefinitionSchema, type SurveyDefinition } from './survey.definition.ts';
import { formOf } from './survey.form.ts';
import { definitionWarnings, optionOrder, questionOrder, SEED_MAX, shownQuestion } from './survey.shuffle.ts';

const load = (file: string) =>
  surveyDefinitionSchema.parse(parse(readFileSync(`content/surveys/${file}`, 'utf8'))) as SurveyDefinition;
const citizen = load('citizen-cchc-2026.yaml');
const servant = load('civil-servant-cchc-2026.yaml');
const knowledge = (d: SurveyDefinition) => d.questions.filter((q) => q.type === 'knowledge');
const seedArb = fc.integer({ min: 0, max: SEED_MAX });
const follower = { follower: { language: 'vi' } } as Parameters<typeof chatValue>[3];

/** The answers a respondent gives by choosing, in each knowledge question, the option at a shown position. */
function byPosition(
  def: SurveyDefinition,
  seed: number,
  pick: (q: string) => number,
  base: Answers,
): Answers {
  const answers: Answers = { ...base };
  for (const q of knowledge(def)) {
    const shown = shownQuestion(q, seed);
    // The chat path: the person types the number they see; chatValue maps it back to the option id.
    answers[q.id] = chatValue(shown, String(pick(q.id) + 1), String(pick(q.id) + 1), follower) as string;
  }
  return answers;
}

const citizenBase: Answers = { r1: 'a', s1: 5, s2: 4, s3: 5, u1: 'no', u3: ['a'], c1: ['a'] };

describe('per-respondent option order', () => {
  it('is a permutation that keeps "Tôi không biết" last, and the same seed gives the same order', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        for (const q of knowledge(citizen)) {
          const order = questionOrder(q, seed);
          expect([...order].sort()).toEqual(q.options!.map((o) => o.id).sort());
          expect(order.at(-1)).toBe('dk');
          expect(questionOrder(q, seed)).toEqual(order);
        }
      }),
    );
  });

  it('property: the score does not depend on the order shown, only on the options chosen', () => {
    fc.assert(
      fc.property(
        seedArb,
        seedArb,
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        (seedA, seedB, rightOrWrong) => {
          const intended = new Map(
            knowledge(citizen).map((q, i) => [
              q.id,
              rightOrWrong[i] ? q.correct![0]! : q.options!.find((o) => !q.correct!.includes(o.id))!.id,
            ]),
          );
          // Each respondent finds the intended option wherever their order put it.
          const answersFor = (seed: number) =>
            byPosition(
              citizen,
              seed,
              (qid) =>
                questionOrder(
                  knowledge(citizen).find((q) => q.id === qid)!,
                  seed,
                ).indexOf(intended.get(qid)!),
              citizenBase,
            );
          const a = answersFor(seedA);
          const b = answersFor(seedB);
          expect(a).toEqual(b); // stored in the definition's terms (option ids)
          const outcome = evaluateUnderstanding(citizen, a);
          expect(outcome).toEqual(evaluateUnderstanding(citizen, b));
          expect(outcome.knowledgeCorrect).toBe(rightOrWrong.filter(Boolean).length);
        },
      ),
    );
  });

  it('cannot be passed by always choosing the same position', () => {
    for (const def of [citizen, servant]) {
      const movable = knowledge(def)[0]!.options!.filter((o) => !o.fixed).length;
      for (let position = 0; position < movable + 1; position++) {
        let passed = 0;
        const respondents = 2000;
        for (let seed = 0; seed < respondents; seed++) {
          const answers = byPosition(
            def,
            seed * 7919,
            () => position,
            def === citizen ? citizenBase : { s1: 5 },
          );
          const k = def.understanding.knowledge!;
          const right = k.items.filter((id) =>
            def.questions.find((q) => q.id === id)!.correct!.includes(answers[id] as string),
          ).length;
          if (right >= k.minCorrect) passed++;
        }
        // By chance: at least 4 of 5 right with 1 in 4 per item is 1.6 %; allow sampling noise, never most people.
        expect(passed / respondents, `${def.id} position ${position + 1}`).toBeLessThan(0.04);
      }
    }
  });

  it('stores the shown order per knowledge question, and the form carries it with its seed', () => {
    const order = optionOrder(citizen, 12345);
    expect(Object.keys(order)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
    const form = formOf(citizen, 1, 'vi', 12345);
    expect(form.optionSeed).toBe(12345);
    expect(form.questions.find((q) => q.id === 'k1')!.options!.map((o) => o.id)).toEqual(order.k1);
    expect(form.questions.find((q) => q.id === 'r1')!.options!.map((o) => o.id)).toEqual(['a', 'b']);
    expect(JSON.stringify(form)).not.toContain('correct');
  });

  it('accepts the answers in any order: validation is by option id', () => {
    const answers = byPosition(citizen, 99, () => 0, citizenBase);
    expect(validateAnswers(citizen, answers)).toMatchObject({ ok: true });
  });
});

describe('definition check', () => {
  it('warns when every correct option sits at the same position, not for the 2026 surveys', () => {
    expect(definitionWarnings(load('citizen-cchc-2025.yaml'))).toEqual([
      'citizen-cchc-2025: đáp án đúng của cả 4 câu kiến thức đều ở vị trí thứ 2',
    ]);
    expect(definitionWarnings(citizen)).toEqual([]);
    expect(definitionWarnings(servant)).toEqual([]);
  });

  it('warns about a knowledge question that cannot be shuffled', () => {
    const raw = parse(readFileSync('content/surveys/citizen-cchc-2026.yaml', 'utf8'));
    raw.questions.find((q: { id: string }) => q.id === 'k2').options = [
      { id: 'a', text: { vi: 'Đúng' } },
      { id: 'dk', fixed: true, text: { vi: 'Tôi không biết' } },
    ];
    raw.questions.find((q: { id: string }) => q.id === 'k2').correct = ['a'];
    const def = surveyDefinitionSchema.parse(raw) as SurveyDefinition;
    expect(definitionWarnings(def)).toContain(
      'citizen-cchc-2026: câu k2 chỉ có một phương án có thể đảo thứ tự',
    );
  });

  it('the 2026 surveys cite current law and have no district option', () => {
    for (const def of [citizen, servant]) {
      const text = JSON.stringify(def);
      expect(text).toContain('91/2025/QH15');
      expect(text).not.toContain('13/2023');
      expect(
        def.questions
          .find((q) => q.id === 'r1')!
          .options!.map((o) => o.text.vi)
          .join(' '),
      ).not.toMatch(/huyện/);
    }
    expect(servant.questions.map((q) => q.id)).toEqual(expect.arrayContaining(['r3', 'r4']));
    expect(citizen.understanding.selfAssessment?.questions).toEqual(['s1', 's2', 's3']);
  });
});
