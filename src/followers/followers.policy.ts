import type { MessageKind } from '../zalo/zalo.port.ts';
import type { Config } from '../config.ts';

export interface WindowFacts {
  lastInteractionAt: Date | null;
  freeRepliesUsed: number;
}

export type WindowConfig = Pick<Config, 'FREE_REPLY_WINDOW_HOURS' | 'FREE_REPLY_LIMIT'>;
export type CsWindowConfig = WindowConfig & Pick<Config, 'CS_WINDOW_DAYS'>;

/**
 * Zalo's free allowance: FREE_REPLY_LIMIT (8) consultation messages within FREE_REPLY_WINDOW_HOURS (48) after the
 * citizen writes (Zalo OA help centre, "Các loại tin của Zalo Official Account": from the 9th message or after 48 h a
 * message counts as a paid one). It decides cost, not whether a consultation message may be sent.
 */
export function insideFreeWindow(f: WindowFacts, now: Date, config: WindowConfig): boolean {
  if (!f.lastInteractionAt) return false;
  const age = now.getTime() - f.lastInteractionAt.getTime();
  return (
    age >= 0 &&
    age < config.FREE_REPLY_WINDOW_HOURS * 3_600_000 &&
    f.freeRepliesUsed < config.FREE_REPLY_LIMIT
  );
}

/**
 * Zalo's consultation window: a consultation (`cs`) message is accepted while the citizen's last message is within
 * CS_WINDOW_DAYS (7) days; after that Zalo refuses it with -230 ("User has not interacted with the OA in the past
 * 7 days"). See README "Zalo facts".
 */
export function insideCsWindow(f: WindowFacts, now: Date, config: Pick<Config, 'CS_WINDOW_DAYS'>): boolean {
  if (!f.lastInteractionAt) return false;
  const age = now.getTime() - f.lastInteractionAt.getTime();
  return age >= 0 && age < config.CS_WINDOW_DAYS * 86_400_000;
}

/** What an agent needs to see before replying: may a reply go out, until when, and is it still free. */
export interface ReplyWindow {
  /** A consultation reply is accepted until this instant (null: the citizen never wrote). */
  windowEndsAt: Date | null;
  open: boolean;
  /** Free replies left in the allowance now (0 once it ran out or its 48 h passed). */
  freeRepliesLeft: number;
  freeUntil: Date | null;
}

export function replyWindow(f: WindowFacts, now: Date, config: CsWindowConfig): ReplyWindow {
  const last = f.lastInteractionAt;
  const free = insideFreeWindow(f, now, config);
  return {
    windowEndsAt: last ? new Date(last.getTime() + config.CS_WINDOW_DAYS * 86_400_000) : null,
    open: insideCsWindow(f, now, config),
    freeRepliesLeft: free ? config.FREE_REPLY_LIMIT - f.freeRepliesUsed : 0,
    freeUntil: last && free ? new Date(last.getTime() + config.FREE_REPLY_WINDOW_HOURS * 3_600_000) : null,
  };
}

/**
 * Which Zalo message type a message to this follower may use now: 'cs' inside the free allowance, otherwise the
 * paid type the caller's use allows (`transaction` for a service notice, `promotion` for news), or null when the
 * caller allows none. (Staff replies use `replyWindow`: they stay 'cs' for the whole 7-day window.)
 */
export function allowedMessageKind(
  f: WindowFacts,
  now: Date,
  config: WindowConfig,
  outsideWindow: Exclude<MessageKind, 'cs'> | null = null,
): MessageKind | null {
  return insideFreeWindow(f, now, config) ? 'cs' : outsideWindow;
}
