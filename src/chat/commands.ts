import { ZALO_BUTTON_MAX } from '../zalo/zalo.message-schemas.ts';
import type { Db } from '../db/client.ts';
import { setLanguage, setOptedOut } from '../followers/followers.service.ts';
import type { MessageButton, OutboundMessage } from '../zalo/zalo.port.ts';
import type { ChatContext, ChatHandler, Language, MenuTopicsSource } from './chat.types.ts';
import { normaliseCommand } from './command-text.ts';

/** Built-in commands every citizen can use whatever features are registered. */
export type Command =
  | { name: 'menu' }
  | { name: 'optout' }
  | { name: 'optin' }
  | { name: 'start' }
  | { name: 'language'; set?: Language }
  | { name: 'human' };

const words: Record<string, Command> = {};
const add = (cmd: Command, ...phrases: string[]) => {
  for (const p of phrases) words[normaliseCommand(p)] = cmd;
};
add({ name: 'menu' }, 'menu', '#menu', 'bắt đầu', 'help', 'trợ giúp', 'giúp', 'hướng dẫn', 'ម៉ឺនុយ');
add({ name: 'start' }, 'start');
add(
  { name: 'optout' },
  '#optout',
  'hủy nhận tin',
  'huỷ nhận tin',
  'hủy đăng ký',
  'dừng nhận tin',
  'stop',
  'unsubscribe',
  'ឈប់ទទួលព័ត៌មាន',
);
add(
  { name: 'optin' },
  '#optin',
  'nhận tin',
  'nhận tin trở lại',
  'đăng ký nhận tin',
  'đăng ký lại',
  'subscribe',
  'ទទួលព័ត៌មានវិញ',
);
add({ name: 'language' }, '#lang', 'ngôn ngữ', 'language', 'ភាសា', 'đổi ngôn ngữ');
add({ name: 'language', set: 'vi' }, '#lang vi', 'ngôn ngữ vi', 'language vi', 'tiếng việt', 'vietnamese');
add(
  { name: 'language', set: 'km' },
  '#lang km',
  'ngôn ngữ km',
  'language km',
  'tiếng khmer',
  'khmer',
  'ភាសាខ្មែរ',
  'ខ្មែរ',
);
add({ name: 'language', set: 'en' }, '#lang en', 'ngôn ngữ en', 'language en', 'english', 'tiếng anh');
add(
  { name: 'human' },
  '#human',
  'gặp cán bộ',
  'cán bộ',
  'gặp người',
  'nhân viên',
  'gặp nhân viên',
  'tư vấn viên',
  'human',
  'agent',
  'officer',
  'talk to an officer',
  'ជួបមន្ត្រី',
);

/**
 * "dừng" (stop) loses its marks to "dung", which is also "đúng" (right, yes): a survey answer must never opt
 * anyone out. So a bare "dừng" only counts when typed with its marks.
 */
const exactOnly: Record<string, Command> = { dừng: { name: 'optout' } };

/** The built-in command a message is, if any. Whole-message matches only: "tôi muốn gặp cán bộ về…" is a question. */
export function parseCommand(text: string): Command | undefined {
  const exact = exactOnly[text.normalize('NFC').trim().toLowerCase()];
  return exact ?? words[normaliseCommand(text)];
}

const languageNames: Record<Language, string> = { vi: 'Tiếng Việt', km: 'ភាសាខ្មែរ', en: 'English' };
const hide = (title: string, payload: string): MessageButton => ({ title, type: 'oa.query.hide', payload });

/** One choice of the menu: what the citizen reads and what the button sends back as their message. */
export interface MenuOption {
  title: string;
  payload: string;
}

/** How many of the menu's buttons are topics: Zalo takes five, the contest, the survey and an officer take three. */
export const MENU_TOPICS = 2;

/**
 * What the bot does, as data: the most asked topics (`asked`, from the answers of the last 30 days; filled up from
 * the configured list in the locale files, `menu.topics`, id → title), then the contest, the survey, CCHC news by
 * topic, news on/off, language and an officer. The message API decides how the list is drawn.
 */
export function menuOptions(ctx: ChatContext, asked: { id: string; title: string }[] = []): MenuOption[] {
  // i18next returns the object under the key when asked to; ChatContext.t is typed for strings only.
  const configured = ctx.t('menu.topics', { returnObjects: true }) as unknown;
  const fallback =
    configured && typeof configured === 'object'
      ? Object.entries(configured as Record<string, string>).map(([id, title]) => ({ id, title }))
      : [];
  const seen = new Set(asked.map((a) => a.id));
  const topics = [...asked, ...fallback.filter((f) => !seen.has(f.id))];
  return [
    ...topics.map(({ id, title }) => ({ title, payload: `#faq:${id}` })),
    { title: ctx.t('menu.contest'), payload: 'cuộc thi' },
    { title: ctx.t('menu.survey'), payload: 'khảo sát' },
    { title: ctx.t('menu.news'), payload: '#tin' },
    ctx.follower.optedOut
      ? { title: ctx.t('menu.optin'), payload: '#optin' }
      : { title: ctx.t('menu.optout'), payload: '#optout' },
    { title: ctx.t('menu.language'), payload: '#lang' },
    { title: ctx.t('menu.human'), payload: '#human' },
  ];
}

/** Menu choices that stay typed words, not buttons: Zalo takes at most five buttons on a message. */
const TYPED_ONLY = new Set(['#tin', '#optout', '#optin', '#lang']);

/**
 * The menu as one message within Zalo's five buttons (ZALO_BUTTON_MAX): the two most asked topics, the contest,
 * the survey and an officer as buttons; news by topic, news on/off and language as the words to type, in the text.
 */
export function menuMessage(ctx: ChatContext, asked: { id: string; title: string }[] = []): OutboundMessage {
  const options = menuOptions(ctx, asked);
  const buttonsFirst = options.filter((o) => !TYPED_ONLY.has(o.payload));
  const topics = buttonsFirst.filter((o) => o.payload.startsWith('#faq:'));
  const others = buttonsFirst.filter((o) => !o.payload.startsWith('#faq:'));
  const room = Math.min(MENU_TOPICS, ZALO_BUTTON_MAX - others.length);
  const buttons = [...topics.slice(0, room), ...others].slice(0, ZALO_BUTTON_MAX);
  const typed = ctx.t(ctx.follower.optedOut ? 'menu.typedOptedOut' : 'menu.typed');
  return {
    type: 'text',
    text: `${ctx.t('menu.text')}\n${typed}`,
    buttons: buttons.map((o) => hide(o.title, o.payload)),
  };
}

/** The most asked topics for the menu; a failing source must not cost the citizen their menu. */
async function askedTopics(ctx: ChatContext, source: MenuTopicsSource | undefined) {
  if (!source) return [];
  try {
    return await source(ctx.follower.language, MENU_TOPICS);
  } catch {
    return [];
  }
}

export function languageMessage(ctx: ChatContext): OutboundMessage {
  const buttons = (Object.keys(languageNames) as Language[]).map((l) => hide(languageNames[l], `#lang ${l}`));
  return { type: 'text', text: ctx.t('language.choose'), buttons };
}

/** Opt-out and opt-in: the only commands honoured while a person has the conversation. */
export async function runSubscriptionCommand(db: Db, ctx: ChatContext, cmd: Command): Promise<boolean> {
  if (
    cmd.name === 'optout' ||
    (cmd.name === 'optin' && ctx.follower.optedOut) ||
    (cmd.name === 'start' && ctx.follower.optedOut)
  ) {
    const optOut = cmd.name === 'optout';
    if (optOut && ctx.follower.optedOut) {
      ctx.reply({ type: 'text', text: ctx.t('optout.already') });
      return true;
    }
    await setOptedOut(db, ctx.follower.id, optOut, ctx.now);
    ctx.follower.optedOut = optOut;
    ctx.reply({ type: 'text', text: ctx.t(optOut ? 'optout.done' : 'optin.done') });
    return true;
  }
  if (cmd.name === 'optin') {
    ctx.reply({ type: 'text', text: ctx.t('optin.already') });
    return true;
  }
  return false;
}

/**
 * Conversation-state keys of numbered lists a feature showed (a number typed next chooses from them). A command
 * moves the conversation on, so the numbers shown before it no longer mean anything.
 */
const PENDING_CHOICE_KEYS = ['newsChoice'];

/** The commands handler: the first link of the chain, before any registered feature. */
export function commandsHandler(db: Db, menuTopics?: () => MenuTopicsSource | undefined): ChatHandler {
  return async (ctx, next) => {
    const cmd = parseCommand(ctx.text);
    if (!cmd) return next();
    for (const key of PENDING_CHOICE_KEYS) delete ctx.state[key];
    if (await runSubscriptionCommand(db, ctx, cmd)) return;
    switch (cmd.name) {
      case 'menu':
      case 'start':
        ctx.reply(menuMessage(ctx, await askedTopics(ctx, menuTopics?.())));
        return;
      case 'language':
        if (!cmd.set) {
          ctx.reply(languageMessage(ctx));
          return;
        }
        await setLanguage(db, ctx.follower.id, cmd.set);
        ctx.follower.language = cmd.set;
        ctx.reply({ type: 'text', text: ctx.t('language.changed') });
        return;
      case 'human':
        await ctx.requestHandoff('citizen_request');
        ctx.reply({ type: 'text', text: ctx.t('handoff.requested') });
        return;
      default:
        return next();
    }
  };
}
