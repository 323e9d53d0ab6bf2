// Per-question answer distributions of a report: option counts and shares, Likert mean, knowledge correct share.
import { localized, type SurveyDefinition, type SurveyQuestion } from './survey.definition.ts';

export interface QuestionDistribution {
  id: string;
  type: SurveyQuestion['type'];
  text: string;
  /** People who answered this question in the period. */
  answered: number;
  options: { id: string; label: string; count: number; share: number | null; correct?: boolean }[];
  /** Likert only. */
  mean?: number | null;
  /** Knowledge only: share of answers that were right. */
  correctShare?: number | null;
}

export function distributions(
  def: SurveyDefinition,
  tallies: { questionId: string; answer: string; count: number }[],
): QuestionDistribution[] {
  const count = new Map(tallies.map((t) => [`${t.questionId}\0${t.answer}`, t.count]));
  const get = (q: string, a: string) => count.get(`${q}\0${a}`) ?? 0;
  return def.questions.map((q) => {
    const answered = get(q.id, '(answered)');
    const share = (c: number) => (answered > 0 ? c / answered : null);
    const options = optionList(q).map((o) => ({
      id: o.id,
      label: o.label,
      count: get(q.id, o.id),
      share: share(get(q.id, o.id)),
      ...(q.type === 'knowledge' ? { correct: (q.correct ?? []).includes(o.id) } : {}),
    }));
    const d: QuestionDistribution = {
      id: q.id,
      type: q.type,
      text: localized(q.text, 'vi'),
      answered,
      options,
    };
    if (q.type === 'likert')
      d.mean = answered > 0 ? options.reduce((s, o) => s + Number(o.id) * o.count, 0) / answered : null;
    if (q.type === 'knowledge')
      d.correctShare = share(options.filter((o) => o.correct).reduce((s, o) => s + o.count, 0));
    if (q.type === 'text')
      d.options = [
        { id: '(text)', label: 'Có ý kiến', count: get(q.id, '(text)'), share: share(get(q.id, '(text)')) },
      ];
    return d;
  });
}

function optionList(q: SurveyQuestion): { id: string; label: string }[] {
  if (q.type === 'yesno')
    return [
      { id: 'yes', label: 'Có' },
      { id: 'no', label: 'Không' },
    ];
  if (q.type === 'likert' && q.scale) {
    const { min, max } = q.scale;
    return Array.from({ length: max - min + 1 }, (_, i) => ({ id: String(min + i), label: String(min + i) }));
  }
  return (q.options ?? []).map((o) => ({ id: o.id, label: o.text.vi }));
}
