import type { OutboundMessage } from '../zalo/zalo.port.ts';

import type { ChatFollower, Language } from '../followers/followers.types.ts';

// The follower's data types belong to the followers module; re-exported for the chat features that name them.
export type { ChatFollower, Language } from '../followers/followers.types.ts';

/**
 * One inbound text turn moving through the pipeline. Features read `text`/`normalisedText`, queue replies with
 * `reply`, and call `next()` when the turn is not theirs. Replies go to the outbox (or the simulator's recorder).
 */
export interface ChatContext {
  eventId: string;
  follower: ChatFollower;
  text: string;
  now: Date;
  /** Translate with the follower's language, falling back to Vietnamese. */
  t(key: string, options?: Record<string, unknown>): string;
  reply(message: OutboundMessage): void;
  /** Per-conversation scratch state that survives between turns (stored in the database as JSON). */
  state: Record<string, unknown>;
  /** Marks the conversation as waiting for a person (handoff); the bot then stays silent. */
  requestHandoff(reason: string): Promise<void>;
}

export type ChatHandler = (ctx: ChatContext, next: () => Promise<void>) => Promise<void>;

/** A named feature handler; the pipeline wraps each in an error boundary so one failing feature never silences the bot. */
export interface ChatFeature {
  name: string;
  handle: ChatHandler;
}

/** The menu's most asked topics in a language (at most `limit`); [] lets the menu use its configured list. */
export type MenuTopicsSource = (lang: Language, limit: number) => Promise<{ id: string; title: string }[]>;
