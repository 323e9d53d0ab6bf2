import type { Db } from '../db/client.ts';
import { normaliseCommand } from '../chat/command-text.ts';
import type { ChatContext, ChatFeature } from '../chat/chat.types.ts';
import { newsTopicsOf, stopNews, subscribeNews, unsubscribeNews } from './news.service.ts';

/**
 * CCHC news by topic in chat. "tin" (news, ព័ត៌មាន) lists the plan's themes numbered; a number, or "tin 2",
 * subscribes to one; "huỷ tin 2" drops one; "huỷ tin" stops all news. The list is numbered text, not buttons: the
 * plan has more themes than Zalo's five buttons. The numbers shown live in the conversation state until the next
 * message that is not a number.
 */

/** A theme as the citizen chooses it: its plan code and the plan's (Vietnamese) label. */
export interface NewsTheme {
  code: string;
  label: string;
}

interface NewsState {
  codes: string[];
}

/**
 * The conversation-state key of the numbered list: a number typed next chooses from it. The built-in commands clear
 * it (`PENDING_CHOICE_KEYS` in src/chat/commands.ts), as does any other message this feature sees.
 */
export const NEWS_CHOICE = 'newsChoice';

const LIST = new Set([
  'tin',
  '#tin',
  'dang ky tin',
  'chu de tin',
  'tin cchc',
  'tin theo chu de',
  'news',
  'news topics',
]);
const LIST_KM = new Set(['ព័ត៌មាន']);
const SUBSCRIBE = ['#tin ', 'dang ky tin ', 'tin ', 'news ', 'ព័ត៌មាន '];
const STOP = ['#huytin', 'huy tin', 'huy dang ky tin', 'stop news', 'unsubscribe news', 'ឈប់ព័ត៌មាន'];

type Parsed = { kind: 'list' } | { kind: 'subscribe'; arg: string } | { kind: 'stop'; arg: string };

/** The news command a message is, if any ("huỷ tin" is matched before "tin"). */
export function parseNewsCommand(text: string): Parsed | undefined {
  const cmd = normaliseCommand(text);
  if (LIST.has(cmd) || LIST_KM.has(cmd)) return { kind: 'list' };
  for (const p of STOP) {
    if (cmd === p) return { kind: 'stop', arg: '' };
    if (cmd.startsWith(`${p} `)) return { kind: 'stop', arg: cmd.slice(p.length + 1).trim() };
  }
  for (const p of SUBSCRIBE)
    if (cmd.startsWith(p)) return { kind: 'subscribe', arg: cmd.slice(p.length).trim() };
  return undefined;
}

export function newsChat(deps: {
  db: Db;
  /** The plan's themes in force at a time (`themesInForce` of the plan module). */
  themes(now: Date): Promise<NewsTheme[]>;
}): { feature: ChatFeature } {
  const { db } = deps;
  const title = (ctx: ChatContext, t: NewsTheme) => ctx.t(`news.themes.${t.code}`, { defaultValue: t.label });

  /** Finds a theme by its number in the list, its code or (part of) its title in any of our languages. */
  function resolve(ctx: ChatContext, themes: NewsTheme[], arg: string): NewsTheme | undefined {
    if (/^\d{1,2}$/.test(arg)) return themes[Number(arg) - 1];
    const byCode = themes.find((t) => t.code === arg);
    if (byCode) return byCode;
    if (arg.length < 3) return undefined; // "tin a…" is not a theme's name
    const hits = themes.filter((t) =>
      [title(ctx, t), t.label].some((s) => normaliseCommand(s).includes(arg)),
    );
    return hits.length === 1 ? hits[0] : undefined;
  }

  async function list(ctx: ChatContext, themes: NewsTheme[], lead?: string): Promise<void> {
    if (themes.length === 0) {
      ctx.reply({ type: 'text', text: ctx.t('news.none') });
      return;
    }
    const chosen = new Set(await newsTopicsOf(db, ctx.follower.id));
    ctx.state[NEWS_CHOICE] = { codes: themes.map((t) => t.code) } satisfies NewsState;
    const lines = themes.map((t, i) => `${i + 1}. ${chosen.has(t.code) ? '✓ ' : ''}${title(ctx, t)}`);
    const status = ctx.follower.optedOut
      ? ctx.t('news.statusStopped')
      : chosen.size === 0
        ? ctx.t('news.statusAll')
        : ctx.t('news.statusSome');
    const head = [lead, ctx.t('news.choose'), status].filter(Boolean).join('\n');
    ctx.reply({ type: 'text', text: `${head}\n${lines.join('\n')}\n${ctx.t('news.how')}` });
  }

  async function subscribe(ctx: ChatContext, theme: NewsTheme, themes: NewsTheme[]): Promise<void> {
    const changed = await subscribeNews(db, ctx.follower.id, theme.code, ctx.now);
    ctx.follower.optedOut = false;
    const chosen = await newsTopicsOf(db, ctx.follower.id);
    const names = themes.filter((t) => chosen.includes(t.code)).map((t) => title(ctx, t));
    ctx.reply({
      type: 'text',
      text: ctx.t(changed ? 'news.subscribed' : 'news.already', {
        title: title(ctx, theme),
        list: names.join('; '),
      }),
    });
  }

  async function stop(ctx: ChatContext, arg: string, themes: NewsTheme[]): Promise<void> {
    if (!arg) {
      await stopNews(db, ctx.follower.id, ctx.now);
      ctx.follower.optedOut = true;
      delete ctx.state[NEWS_CHOICE];
      ctx.reply({ type: 'text', text: ctx.t('news.stopped') });
      return;
    }
    const theme = resolve(ctx, themes, arg);
    if (!theme) return list(ctx, themes, ctx.t('news.notFound', { text: arg.slice(0, 60) }));
    const left = await unsubscribeNews(db, ctx.follower.id, theme.code, ctx.now);
    if (left === undefined) {
      ctx.reply({ type: 'text', text: ctx.t('news.notChosen', { title: title(ctx, theme) }) });
      return;
    }
    const names = themes.filter((t) => left.includes(t.code)).map((t) => title(ctx, t));
    ctx.reply({
      type: 'text',
      text: names.length
        ? ctx.t('news.unsubscribed', { title: title(ctx, theme), list: names.join('; ') })
        : ctx.t('news.unsubscribedLast', { title: title(ctx, theme) }),
    });
  }

  const feature: ChatFeature = {
    name: 'follower-news',
    async handle(ctx, next) {
      const parsed = parseNewsCommand(ctx.text);
      const st = ctx.state[NEWS_CHOICE] as NewsState | undefined;
      const picked =
        st && /^\s*\d{1,2}\s*[.)]?\s*$/.test(ctx.text) ? Number.parseInt(ctx.text, 10) : undefined;
      if (!parsed && picked === undefined) {
        if (st) delete ctx.state[NEWS_CHOICE]; // the numbers shown are no longer what the citizen is answering
        return next();
      }
      const themes = await deps.themes(ctx.now);
      if (picked !== undefined) {
        const code = st!.codes[picked - 1];
        const theme = themes.find((t) => t.code === code);
        if (theme) return subscribe(ctx, theme, themes);
        return list(ctx, themes, ctx.t('news.notFound', { text: String(picked) }));
      }
      if (parsed!.kind === 'list') return list(ctx, themes);
      if (parsed!.kind === 'stop') return stop(ctx, parsed!.arg, themes);
      const theme = resolve(ctx, themes, parsed!.arg);
      if (theme) return subscribe(ctx, theme, themes);
      // "tin tức hôm nay…" is a question, not a theme: let the other features answer it.
      if (!/^\d{1,2}$/.test(parsed!.arg)) return next();
      return list(ctx, themes, ctx.t('news.notFound', { text: parsed!.arg }));
    },
  };
  return { feature };
}
