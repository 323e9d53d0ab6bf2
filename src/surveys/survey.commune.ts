import { normaliseCommand } from '../chat/command-text.ts';
import type { ChatContext } from '../chat/chat.types.ts';
import type { Db } from '../db/client.ts';
import { setCommune } from '../followers/followers.service.ts';
import type { MessageButton } from '../zalo/zalo.port.ts';

/**
 * The follower's commune in the chat survey (issue 18): a follower whose profile has a commune is not asked again
 * (the survey says which one it used and that "đổi xã" changes it); one without, who answers the survey's commune
 * question, is asked once whether to keep it for later messages, and only a "Có" saves it to the follower. The
 * step machine itself stays in survey.chat.ts; this module holds the question, the answer and the saving.
 */

const YES = new Set(['co', 'yes', 'ok', 'dong y', 'luu', 'បាទ/ចាស', 'បាទ', 'ចាស']);
const NO = new Set(['khong', 'no', 'khong luu', 'ទេ']);

const button = (title: string): MessageButton => ({ title, type: 'oa.query.show', payload: title });

/** Asks "Lưu xã/phường này cho các tin sau?" with the quick replies Có / Không. */
export function askRememberCommune(ctx: ChatContext): void {
  ctx.reply({
    type: 'text',
    text: ctx.t('survey:rememberCommune'),
    buttons: [button(ctx.t('survey:yes')), button(ctx.t('survey:no'))],
  });
}

/**
 * The answer to the "remember" question. "Có" saves the survey's commune as the follower's (through the followers
 * module, as "đổi xã" does); "Không" leaves the follower without one; anything else is `unclear` (ask again).
 */
export async function onRememberCommune(
  db: Db,
  ctx: ChatContext,
  areaCode: string | null,
  cmd: string,
): Promise<'saved' | 'declined' | 'unclear'> {
  if (cmd === normaliseCommand(ctx.t('survey:no')) || NO.has(cmd)) return 'declined';
  if (cmd !== normaliseCommand(ctx.t('survey:yes')) && !YES.has(cmd)) return 'unclear';
  if (!areaCode) return 'declined';
  await setCommune(db, ctx.follower.id, areaCode);
  ctx.follower.areaCode = areaCode;
  ctx.reply({ type: 'text', text: ctx.t('survey:communeRemembered') });
  return 'saved';
}

/**
 * The commune submitted with the response: when it came from the profile, the follower's commune at submit time, so
 * a citizen who typed "đổi xã" during the survey answers for the commune they just gave.
 */
export function responseAreaCode(
  st: { areaCode: string | null; areaFromProfile?: boolean },
  follower: ChatContext['follower'],
): string | null {
  return st.areaFromProfile ? (follower.areaCode ?? st.areaCode) : st.areaCode;
}
