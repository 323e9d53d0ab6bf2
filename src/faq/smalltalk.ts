import type { Language } from '../chat/chat.types.ts';
import type { OutboundMessage } from '../zalo/zalo.port.ts';
import type { SmallTalkCorpus, SmallTalkIntent } from './corpora.ts';

/** Replies used when the corpus lacks an intent: small talk must still get a short, friendly answer. */
const FALLBACK_KEY: Record<SmallTalkIntent, string> = {
  greeting: 'faq:smalltalk.greeting',
  thanks: 'faq:smalltalk.thanks',
  ack: 'faq:smalltalk.ack',
  goodbye: 'faq:smalltalk.goodbye',
  who_are_you: 'faq:smalltalk.whoAreYou',
  human_or_bot: 'faq:smalltalk.humanOrBot',
  complaint: 'faq:smalltalk.complaint',
  insult: 'faq:smalltalk.insult',
};

/** Intents that a greeting offers the menu with, unless the corpus says otherwise. */
const OFFERS_MENU: ReadonlySet<SmallTalkIntent> = new Set(['greeting']);

/**
 * The short friendly reply to small talk, in `lang`. A greeting (or any intent the corpus marks `offerMenu`) comes
 * with a Menu button; complaints and "are you human" offer an officer — as a button the citizen may press, never as
 * a handoff the bot decides.
 */
export function smallTalkMessage(
  corpus: SmallTalkCorpus,
  intent: SmallTalkIntent,
  lang: Language,
  t: (key: string) => string,
): OutboundMessage {
  const entry = corpus[intent];
  const text = entry?.reply[lang] ?? t(FALLBACK_KEY[intent]);
  const buttons = [];
  if (entry?.offerMenu ?? OFFERS_MENU.has(intent))
    buttons.push({ title: t('faq:smalltalk.menuButton'), type: 'oa.query.hide' as const, payload: '#menu' });
  if (intent === 'complaint' || intent === 'human_or_bot')
    buttons.push({ title: t('faq:talkToOfficer'), type: 'oa.query.hide' as const, payload: '#human' });
  return { type: 'text', text, ...(buttons.length ? { buttons } : {}) };
}

const EMOJI_INTENTS: [RegExp, SmallTalkIntent][] = [
  [/[\u{1F44D}\u{1F44C}\u{2705}\u{1F197}]/u, 'ack'], // 👍 👌 ✅ 🆗
  [/[\u{1F64F}\u{2764}\u{1F496}\u{1F970}\u{1F60D}]/u, 'thanks'], // 🙏 ❤ 💖 🥰 😍
  [/[\u{1F44B}]/u, 'greeting'], // 👋
  [/[\u{1F621}\u{1F620}\u{1F92C}\u{1F44E}]/u, 'complaint'], // 😡 😠 🤬 👎
];

/** A message of emoji (or stickers' text) only: a thumbs-up is an acknowledgement, not a question to apologise for. */
export function emojiIntent(text: string): SmallTalkIntent | undefined {
  if (/[\p{L}\p{N}]/u.test(text)) return undefined;
  return EMOJI_INTENTS.find(([re]) => re.test(text))?.[1];
}
