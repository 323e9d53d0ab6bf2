import type { i18n } from 'i18next';
import type { Config } from '../config.ts';
import { recordFollowChange, recordInteraction, toChatFollower } from '../followers/followers.service.ts';
import type { OutboundMessage } from '../zalo/zalo.port.ts';
import type { ChatContext, ChatFeature, ChatFollower, ChatHandler, MenuTopicsSource } from './chat.types.ts';
import { commandsHandler, parseCommand, runSubscriptionCommand } from './commands.ts';
import { truncateText } from './command-text.ts';
import { botMode, loadConversation, type HandoffService } from './handoff.service.ts';
import { resolveOfferedNumber } from './offered-options.ts';
import type { CoreDeps } from '../app/module.ts';

/** Longest text the pipeline looks at; Zalo's own limit is lower, so only abuse is cut. */
export const MAX_TEXT_CHARS = 2000;

export const DEFAULT_FEATURE_PRIORITY = 100;

export interface PipelineDeps extends Pick<CoreDeps, 'db' | 'clock' | 'logger'> {
  config: Pick<Config, 'HANDOFF_IDLE_MINUTES'>;
  i18n: i18n;
  handoff: HandoffService;
}

/** One inbound turn as the transports (webhook inbox, simulator) hand it in. */
export interface TurnInput {
  /** Stable per inbound event (the inbox dedupe key); reply idempotency keys derive from it. */
  eventId: string;
  zaloUserId: string;
  text: string;
  at: Date;
  userIdByApp?: string;
}

export interface TurnOutcome {
  follower: ChatFollower;
  replies: OutboundMessage[];
  /** 'silent' when a person holds the conversation and the bot said nothing. */
  mode: 'bot' | 'silent' | 'resume';
}

/**
 * The chat pipeline: middleware on a typed context, grammY-style. Order: built-in commands → registered features
 * (priority order, each behind an error boundary) → fallback. It produces replies; the caller decides where they go
 * (outbox for Zalo, a recorder for the simulator), so both run exactly the same code.
 */
export class ChatPipeline {
  private readonly features: { feature: ChatFeature; priority: number }[] = [];
  private readonly followHooks: ((ctx: ChatContext) => Promise<void>)[] = [];
  private menuTopics?: MenuTopicsSource;

  constructor(private readonly deps: PipelineDeps) {}

  /**
   * Adds a feature. Lower `priority` runs first (default 100); equal priorities run in registration order.
   * A catch-all feature (the FAQ, which answers anything) should register with a high number, e.g. 1000.
   */
  registerFeature(feature: ChatFeature, options: { priority?: number } = {}): void {
    if (this.features.some((f) => f.feature.name === feature.name)) {
      throw new Error(`chat feature ${feature.name} registered twice`);
    }
    this.features.push({ feature, priority: options.priority ?? DEFAULT_FEATURE_PRIORITY });
    this.features.sort((a, b) => a.priority - b.priority); // stable: ties keep registration order
  }

  get featureNames(): string[] {
    return this.features.map((f) => f.feature.name);
  }

  /** An inbound text message. */
  async handleText(input: TurnInput): Promise<TurnOutcome> {
    const typed = truncateText(input.text.normalize('NFC'), MAX_TEXT_CHARS);
    // "2" after a plain-text fallback numbered the options means what tapping option 2 would have sent.
    const text = await resolveOfferedNumber(this.deps.db, input.zaloUserId, typed, input.at);
    return this.withContext(input, text, async (ctx, replies, mode) => {
      if (mode === 'silent') {
        const cmd = parseCommand(text);
        if (cmd) await runSubscriptionCommand(this.deps.db, ctx, cmd);
        return;
      }
      if (mode === 'resume') ctx.reply({ type: 'text', text: ctx.t('handoff.resumed') });
      await this.runChain(ctx, replies);
    });
  }

  /** An image, file, sticker… The bot cannot read them; it says so, except for stickers/gifs and while staff chat. */
  async handleNonText(input: Omit<TurnInput, 'text'> & { quiet: boolean }): Promise<TurnOutcome> {
    return this.withContext({ ...input, text: '' }, '', async (ctx, _replies, mode) => {
      if (mode !== 'silent' && !input.quiet) ctx.reply({ type: 'text', text: ctx.t('nonText') });
    });
  }

  /** follow: records it and greets; unfollow: records it. */
  async handleFollow(input: Omit<TurnInput, 'text'> & { following: boolean }): Promise<TurnOutcome> {
    const row = await recordFollowChange(this.deps.db, { ...input });
    const follower = toChatFollower(row);
    // Greet only when this follow was applied (not an old follow redelivered after a later unfollow).
    const applied = row.following && row.followedAt?.getTime() === input.at.getTime();
    if (!input.following || !applied) return { follower, replies: [], mode: 'bot' };
    if (this.followHooks.length === 0) {
      const t = this.deps.i18n.getFixedT(follower.language, 'chat');
      return { follower, replies: [{ type: 'text', text: t('welcome') }], mode: 'bot' };
    }
    // Greet, then let features add their first question (e.g. the commune), each behind its own error boundary.
    return this.withContext({ ...input, text: '' }, '', async (ctx, replies, mode) => {
      ctx.reply({ type: 'text', text: ctx.t('welcome') });
      if (mode === 'silent') return;
      for (const hook of this.followHooks) {
        const mark = replies.length;
        try {
          await hook(ctx);
        } catch (err) {
          this.deps.logger.error({ err, eventId: ctx.eventId }, 'follow hook failed, skipped');
          replies.splice(mark);
        }
      }
    });
  }

  /** Where the menu's most asked topics come from (the FAQ's answer counts); unset, the configured list. */
  setMenuTopics(source: MenuTopicsSource): void {
    this.menuTopics = source;
  }

  /** Runs after the follow greeting, in registration order (e.g. asking the follower's commune once). */
  registerFollowHook(hook: (ctx: ChatContext) => Promise<void>): void {
    this.followHooks.push(hook);
  }

  private async withContext(
    input: TurnInput,
    text: string,
    body: (ctx: ChatContext, replies: OutboundMessage[], mode: TurnOutcome['mode']) => Promise<void>,
  ): Promise<TurnOutcome> {
    const { db, clock, handoff, i18n } = this.deps;
    const follower = toChatFollower(await recordInteraction(db, input));
    const conv = await loadConversation(db, follower.id);
    const now = clock.now();
    const mode = botMode(conv, now, this.deps.config.HANDOFF_IDLE_MINUTES);
    if (mode === 'resume') await handoff.returnToBot(db, conv.id);
    const replies: OutboundMessage[] = [];
    const before = JSON.stringify(conv.state);
    const ctx: ChatContext = {
      eventId: input.eventId,
      follower,
      text,
      now,
      t: (key, options) => i18n.getFixedT(follower.language, 'chat')(key, options) as string,
      reply: (message) => void replies.push(message),
      state: structuredClone(conv.state),
      requestHandoff: (reason) => handoff.requestHandoff(db, conv.id, reason),
    };
    await body(ctx, replies, mode);
    if (JSON.stringify(ctx.state) !== before) await handoff.saveState(db, conv.id, ctx.state);
    return { follower, replies, mode };
  }

  /** Runs commands → features → fallback; one global catch keeps the bot answering and logs the event id. */
  private async runChain(ctx: ChatContext, replies: OutboundMessage[]): Promise<void> {
    const chain: ChatHandler[] = [
      commandsHandler(this.deps.db, () => this.menuTopics),
      ...this.features.map((f) => this.boundary(f.feature, replies)),
      async (c) => c.reply(fallbackMessage(c)),
    ];
    const run = (i: number): Promise<void> =>
      i < chain.length ? chain[i]!(ctx, () => run(i + 1)) : Promise.resolve();
    try {
      await run(0);
    } catch (err) {
      this.deps.logger.error({ err, eventId: ctx.eventId }, 'chat pipeline failed');
      if (replies.length === 0) ctx.reply(fallbackMessage(ctx));
    }
  }

  /** A feature that throws is logged and skipped (its half-made replies dropped); the turn goes on to the next one. */
  private boundary(feature: ChatFeature, replies: OutboundMessage[]): ChatHandler {
    return async (ctx, next) => {
      let passedOn = false;
      const mark = replies.length;
      try {
        await feature.handle(ctx, () => {
          passedOn = true;
          return next();
        });
      } catch (err) {
        if (passedOn) {
          this.deps.logger.error(
            { err, eventId: ctx.eventId, feature: feature.name },
            'chat feature failed after passing on',
          );
          return;
        }
        this.deps.logger.error(
          { err, eventId: ctx.eventId, feature: feature.name },
          'chat feature failed, skipped',
        );
        replies.splice(mark);
        await next();
      }
    };
  }
}

function fallbackMessage(ctx: ChatContext): OutboundMessage {
  return {
    type: 'text',
    text: ctx.t('fallback'),
    buttons: [
      { title: ctx.t('menu.human'), type: 'oa.query.hide', payload: '#human' },
      { title: 'Menu', type: 'oa.query.hide', payload: '#menu' },
    ],
  };
}
