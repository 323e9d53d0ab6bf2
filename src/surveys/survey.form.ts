import type { Language } from '../chat/chat.types.ts';
import { localized, type SurveyDefinition, type SurveyQuestion } from './survey.definition.ts';
import { shownQuestion } from './survey.shuffle.ts';

/** A question as a respondent sees it: one language, no correct answers, no sources. */
export interface FormQuestion {
  id: string;
  type: SurveyQuestion['type'];
  text: string;
  required: boolean;
  options?: { id: string; text: string }[];
  scale?: { min: number; max: number; low?: string; high?: string };
  showIf?: { question: string; equals: string | number };
  maxLength?: number;
}

export interface SurveyForm {
  id: string;
  version: number;
  title: string;
  consent: string;
  anonymous: boolean;
  askCommune: boolean;
  period: { from: string; to: string };
  /** Send it back with the answers: the knowledge options below are in the order this seed gives. */
  optionSeed?: number;
  questions: FormQuestion[];
}

/**
 * The respondent's view of a definition. Knowledge questions' correct answers are left out on purpose: the form is
 * sent to the phone, and the answer key must not travel with it. With a seed, knowledge options come in the order
 * it gives (survey.shuffle.ts).
 */
export function formOf(
  def: SurveyDefinition,
  version: number,
  lang: Language,
  optionSeed?: number,
): SurveyForm {
  return {
    id: def.id,
    version,
    title: localized(def.title, lang),
    consent: localized(def.consent, lang),
    anonymous: def.anonymous,
    askCommune: def.askCommune,
    period: def.period,
    ...(optionSeed === undefined ? {} : { optionSeed }),
    questions: def.questions
      .map((d) => shownQuestion(d, optionSeed))
      .map((q) => ({
        id: q.id,
        type: q.type,
        text: localized(q.text, lang),
        required: q.required,
        ...(q.options
          ? { options: q.options.map((o) => ({ id: o.id, text: localized(o.text, lang) })) }
          : {}),
        ...(q.scale
          ? {
              scale: {
                min: q.scale.min,
                max: q.scale.max,
                ...(q.scale.low ? { low: localized(q.scale.low, lang) } : {}),
                ...(q.scale.high ? { high: localized(q.scale.high, lang) } : {}),
              },
            }
          : {}),
        ...(q.showIf ? { showIf: q.showIf } : {}),
        ...(q.maxLength ? { maxLength: q.maxLength } : {}),
      })),
  };
}
