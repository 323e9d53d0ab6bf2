import type { Config } from '../config.ts';
import type { ChatFeature } from '../chat/chat.types.ts';
import { normaliseCommand } from '../chat/command-text.ts';

/** Words that ask for the contest ("thi", "cuộc thi", typed with or without marks). */
const triggers = new Set([
  'thi',
  'cuoc thi',
  'du thi',
  'thi tim hieu',
  'cuoc thi tim hieu',
  'contest',
  'quiz',
]);

/**
 * Where the chat button sends people: the mini-app's Zalo link when its id is configured, otherwise the web build
 * served by this backend (development), otherwise nothing (the reply then explains without a button).
 */
export function miniappUrl(config: Pick<Config, 'ZALO_MINIAPP_ID' | 'PUBLIC_BASE_URL'>): string | undefined {
  if (config.ZALO_MINIAPP_ID) return `https://zalo.me/s/${encodeURIComponent(config.ZALO_MINIAPP_ID)}/`;
  if (config.PUBLIC_BASE_URL) return `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/miniapp/`;
  return undefined;
}

/** "thi" / "cuộc thi" → a short invitation with a button that opens the contest mini-app. */
export function quizChatFeature(config: Pick<Config, 'ZALO_MINIAPP_ID' | 'PUBLIC_BASE_URL'>): ChatFeature {
  const url = miniappUrl(config);
  return {
    name: 'quiz-link',
    async handle(ctx, next) {
      if (!triggers.has(normaliseCommand(ctx.text))) return next();
      if (!url) {
        ctx.reply({ type: 'text', text: ctx.t('quiz:chat.noLink') });
        return;
      }
      ctx.reply({
        type: 'text',
        text: ctx.t('quiz:chat.invite'),
        buttons: [{ title: ctx.t('quiz:chat.button'), type: 'oa.open.url', payload: url }],
      });
    },
  };
}
