import type { i18n, TFunction } from 'i18next';
import { Counter, type Registry } from 'prom-client';
import { findFollower } from '../followers/followers.service.ts';
import { isRichMessage, ZALO_TEXT_LIMIT, ZaloMessageInvalidError } from '../zalo/zalo.messages.ts';
import {
  ZaloApiError,
  type MessageButton,
  type MessageKind,
  type OutboundMessage,
  type SendResult,
  type ZaloMessenger,
} from '../zalo/zalo.port.ts';
import type { OfferedOption } from './chat.schema.ts';
import { truncateText } from './command-text.ts';
import { forgetOfferedOptions, rememberOfferedOptions } from './offered-options.ts';
import type { CoreDeps } from '../app/module.ts';

/**
 * Zalo refuses a rich reply (buttons, list, image) with a bad-parameters code when its shape or a limit is not what
 * the OA's API takes (README "Zalo message shapes": no SDK builds text with buttons for v3 /cs). Such a reply is sent
 * once more as plain text — options numbered, links written out — so no citizen is left without an answer; the
 * numbers offered are remembered so that typing "2" works like tapping option 2.
 */

/** One reply the outbox is about to send. */
export interface FallbackItem {
  kind: MessageKind;
  zaloUserId: string;
  message: OutboundMessage;
  /** When the reply was queued: replies of a later turn make earlier numbered options stale. */
  createdAt?: Date;
}

export interface ReplyFallbackDeps extends Pick<CoreDeps, 'db' | 'clock' | 'logger'> {
  i18n: i18n;
  /** Where the fallback counter is registered (the app's /metrics registry). */
  registry?: Registry;
}

/** A plain text standing for a rich reply, and the options it numbered. */
export interface PlainReply {
  text: string;
  options: OfferedOption[];
}

/** Zalo codes meaning "these parameters are invalid" (zalo.port.ts category bad_params: -201, -210). */
export function isBadParameters(err: unknown): boolean {
  return (
    (err instanceof ZaloApiError && err.category === 'bad_params') || err instanceof ZaloMessageInvalidError
  );
}

const isQuery = (b: MessageButton) => b.type === 'oa.query.show' || b.type === 'oa.query.hide';

/** "1", "1 hoặc 2", "1, 2 hoặc 3" in the follower's language. */
function numbersPhrase(n: number, or: string): string {
  const all = Array.from({ length: n }, (_, i) => String(i + 1));
  return n === 1 ? '1' : `${all.slice(0, -1).join(', ')} ${or} ${all[n - 1]}`;
}

/** Lines for the buttons: query buttons numbered, links and phone numbers written out. */
function buttonLines(buttons: MessageButton[] | undefined, options: OfferedOption[]): string[] {
  const lines: string[] = [];
  for (const b of buttons ?? []) {
    if (isQuery(b)) {
      options.push({ title: b.title, payload: b.payload });
      // a title already numbered at its place ("2. Có", as survey options are) is not numbered twice
      const n = options.length;
      lines.push(b.title.startsWith(`${n}. `) ? b.title : `${n}. ${b.title}`);
    } else lines.push(`${b.title}: ${b.payload}`);
  }
  return lines;
}

/** The plain text version of a rich reply; undefined when there is none (a file has no text to stand in for it). */
export function toPlainReply(m: OutboundMessage, t: TFunction): PlainReply | undefined {
  const options: OfferedOption[] = [];
  let head: string[];
  let buttons: MessageButton[] | undefined;
  switch (m.type) {
    case 'text':
      [head, buttons] = [[m.text], m.buttons];
      break;
    case 'list':
      head = m.elements.map((e) =>
        [`• ${e.title}`, e.subtitle, e.url].filter((x): x is string => Boolean(x)).join('\n'),
      );
      buttons = m.buttons;
      break;
    case 'image':
      head = [m.text, m.imageUrl].filter((x): x is string => Boolean(x));
      break;
    case 'request_user_info':
      head = [m.title, m.subtitle];
      break;
    default:
      return undefined;
  }
  const tail = buttonLines(buttons, options);
  if (options.length > 0)
    tail.push(t('plainReply.choose', { numbers: numbersPhrase(options.length, t('plainReply.or')) }));
  if (head.length === 0 && tail.length === 0) return undefined;
  const tailText = tail.length ? `\n\n${tail.join('\n')}` : '';
  const room = Math.max(1, ZALO_TEXT_LIMIT - Array.from(tailText).length);
  return { text: `${truncateText(head.join('\n\n'), room)}${tailText}`, options };
}

/** Sends a reply; a rich consultation reply refused for its parameters goes once more as plain text. */
export interface ReplyFallback {
  send(item: FallbackItem, messenger: ZaloMessenger): Promise<SendResult>;
}

export function createReplyFallback(deps: ReplyFallbackDeps): ReplyFallback {
  const fallbacks = new Counter({
    name: 'zalo_reply_fallbacks_total',
    help: 'Rich replies Zalo refused for their parameters and that were sent again as plain text',
    labelNames: ['code', 'message_type'] as const,
    registers: deps.registry ? [deps.registry] : [],
  });
  return {
    async send(item, messenger) {
      try {
        const sent = await messenger.send(item.kind, item.zaloUserId, item.message);
        await forgetOfferedOptions(deps.db, item.zaloUserId, item.createdAt ?? deps.clock.now());
        return sent;
      } catch (err) {
        if (item.kind !== 'cs' || !isRichMessage(item.message) || !isBadParameters(err)) throw err;
        const follower = await findFollower(deps.db, item.zaloUserId);
        const t = deps.i18n.getFixedT(follower?.language ?? 'vi', 'chat');
        const plain = toPlainReply(item.message, t);
        if (!plain) throw err;
        const code = err instanceof ZaloApiError ? String(err.zaloCode) : 'local';
        // No text, ids or names: the message type and Zalo's code say what went wrong.
        deps.logger.warn(
          { zaloCode: code, messageType: item.message.type },
          'rich reply refused; sending it as plain text',
        );
        const sent = await messenger.send('cs', item.zaloUserId, { type: 'text', text: plain.text });
        fallbacks.inc({ code, message_type: item.message.type });
        await rememberOfferedOptions(deps.db, item.zaloUserId, plain.options, deps.clock.now());
        return sent;
      }
    },
  };
}
