import type { MessageKind } from '../zalo/zalo.port.ts';
import type { Config } from '../config.ts';

export interface WindowFacts {
  lastInteractionAt: Date | null;
  freeRepliesUsed: number;
}

export type WindowConfig = Pick<Config, 'FREE_REPLY_WINDOW_HOURS' | 'FREE_REPLY_LIMIT'>;

/** Whether a free consultation ('cs') message is still allowed: strictly inside the window, and replies left. */
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
 * Which Zalo message type a message to this follower may use now: 'cs' inside the free window, otherwise the
 * paid type the caller's use allows (`transaction` for a service notice, `promotion` for news), or null when the
 * caller allows none (e.g. a staff reply after the window closed).
 */
export function allowedMessageKind(
  f: WindowFacts,
  now: Date,
  config: WindowConfig,
  outsideWindow: Exclude<MessageKind, 'cs'> | null = null,
): MessageKind | null {
  return insideFreeWindow(f, now, config) ? 'cs' : outsideWindow;
}
