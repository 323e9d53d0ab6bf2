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

type LinkConfig = Pick<Config, 'ZALO_MINIAPP_ID' | 'PUBLIC_BASE_URL' | 'PORT' | 'NODE_ENV'>;

/**
 * Where the chat button sends people: the mini-app's Zalo link when its id is configured, otherwise the web build
 * this backend serves at /miniapp/ — on PUBLIC_BASE_URL, or on localhost outside production (a first run has no
 * public address yet, and the mini-app is served all the same). Only a production server with neither has no link.
 */
export function miniappUrl(config: LinkConfig): string | undefined {
  if (config.ZALO_MINIAPP_ID) return `https://zalo.me/s/${encodeURIComponent(config.ZALO_MINIAPP_ID)}/`;
  if (config.PUBLIC_BASE_URL) return `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/miniapp/`;
  if (config.NODE_ENV !== 'production') return `http://localhost:${config.PORT}/miniapp/`;
  return undefined;
}

/** "thi" / "cuộc thi" → a short invitation with a button that opens the contest mini-app. */
export function quizChatFeature(config: LinkConfig): ChatFeature {
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
