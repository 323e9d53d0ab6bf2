// The words the chat survey understands (invite, pause, consent, skip, yes/no) and chat text → raw answer.
import type { ChatContext } from '../chat/chat.types.ts';
import { normaliseCommand } from '../chat/command-text.ts';
import { localized, type SurveyQuestion } from './survey.definition.ts';

export const INVITE = new Set([
  'khao sat',
  'survey',
  '#survey',
  'tiep tuc khao sat',
  'lam khao sat',
  'ស្ទង់មតិ',
  'ការស្ទង់មតិ',
]);
export const PAUSE = new Set([
  'dung khao sat',
  'tam dung',
  'tam dung khao sat',
  'stop survey',
  'pause',
  'ឈប់ស្ទង់មតិ',
  '#survey stop',
]);
export const CANCEL = new Set(['huy khao sat', 'cancel survey', '#survey cancel']);
export const AGREE = new Set(['dong y', 'toi dong y', 'co', 'yes', 'i agree', 'agree', 'ok', 'យល់ព្រម']);
export const DISAGREE = new Set(['khong dong y', 'khong', 'no', 'i do not agree', 'disagree', 'មិនយល់ព្រម']);
export const SKIP = new Set(['bo qua', 'skip', 'រំលង', '#survey skip']);
export const YES = new Set(['co', 'yes', 'ok', 'បាទ/ចាស', 'បាទ', 'ចាស', 'បាទ/ចាស']);
export const NO = new Set(['khong', 'no', 'ទេ']);

/**
 * Turns chat text into the raw answer shape: option numbers (as shown: pass the shown question) or labels,
 * Likert digits, yes/no words, free text.
 */
export function chatValue(
  q: SurveyQuestion,
  raw: string,
  cmd: string,
  ctx: Pick<ChatContext, 'follower'>,
): unknown {
  const lang = ctx.follower.language;
  const options = q.options ?? [];
  const byNumberOrLabel = (token: string): string => {
    const n = /^(\d+)\b/.exec(token)?.[1];
    if (n !== undefined) return options[Number(n) - 1]?.id ?? `#${n}`;
    return (
      options.find(
        (o) => normaliseCommand(localized(o.text, lang)) === token || normaliseCommand(o.text.vi) === token,
      )?.id ?? raw
    );
  };
  switch (q.type) {
    case 'single':
    case 'knowledge':
      return byNumberOrLabel(cmd);
    case 'multiple':
      return /^\d+([\s,;]+\d+)*$/.test(cmd)
        ? cmd.split(/[\s,;]+/).map(byNumberOrLabel)
        : [byNumberOrLabel(cmd)];
    case 'likert':
      return /^\d+$/.test(cmd) ? Number(cmd) : raw;
    case 'yesno':
      return YES.has(cmd) || cmd === '1' ? 'yes' : NO.has(cmd) || cmd === '2' ? 'no' : raw;
    case 'text':
      return raw;
  }
}
