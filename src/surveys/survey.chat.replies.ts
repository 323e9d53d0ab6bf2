// How the chat survey speaks: its texts, quick-reply buttons and per-question hints.
import type { ChatContext } from '../chat/chat.types.ts';
import type { MessageButton } from '../zalo/zalo.port.ts';
import { localized, type SurveyQuestion } from './survey.definition.ts';

/** At most this many quick-reply buttons under one survey message. */
export const MAX_BUTTONS = 5;

export const tt = (ctx: ChatContext, key: string, options?: Record<string, unknown>) =>
  ctx.t(`survey:${key}`, options);
export const text = (ctx: ChatContext, body: string, buttons?: MessageButton[]) =>
  ctx.reply(buttons?.length ? { type: 'text', text: body, buttons } : { type: 'text', text: body });
export const show = (title: string, payload = title): MessageButton => ({
  title: title.slice(0, 60),
  type: 'oa.query.show',
  payload,
});
export const hide = (title: string, payload: string): MessageButton => ({
  title: title.slice(0, 60),
  type: 'oa.query.hide',
  payload,
});

export function hintFor(ctx: ChatContext, q: SurveyQuestion): string {
  const lang = ctx.follower.language;
  switch (q.type) {
    case 'multiple':
      return tt(ctx, 'chooseMany');
    case 'likert':
      return tt(ctx, 'likertHint', {
        min: q.scale?.min ?? 1,
        max: q.scale?.max ?? 5,
        low: q.scale?.low ? localized(q.scale.low, lang) : '',
        high: q.scale?.high ? localized(q.scale.high, lang) : '',
      });
    case 'text':
      return tt(ctx, 'textHint');
    default:
      return tt(ctx, 'chooseOne');
  }
}

export function buttonsFor(ctx: ChatContext, q: SurveyQuestion): MessageButton[] {
  const lang = ctx.follower.language;
  let buttons: MessageButton[] = [];
  if (q.type === 'yesno') buttons = [show(tt(ctx, 'yes')), show(tt(ctx, 'no'))];
  else if (q.type === 'likert' && q.scale && q.scale.max - q.scale.min < MAX_BUTTONS)
    buttons = Array.from({ length: q.scale.max - q.scale.min + 1 }, (_, i) => show(String(q.scale!.min + i)));
  else if ((q.type === 'single' || q.type === 'knowledge') && (q.options?.length ?? 0) <= MAX_BUTTONS)
    buttons = q.options!.map((o, i) =>
      show(`${i + 1}. ${localized(o.text, lang)}`, `${i + 1}. ${localized(o.text, lang)}`),
    );
  if (!q.required) buttons.push(show(tt(ctx, 'skip')));
  return buttons;
}
