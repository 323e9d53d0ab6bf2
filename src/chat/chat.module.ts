import type { i18n } from 'i18next';
import type { Router } from 'express';
import type { Registry } from 'prom-client';
import type { ChatFeatureEntry, CoreDeps, Module } from '../app/module.ts';
import { handoffInboxFrom } from '../console/handoff.adapter.ts';
import { JobWake, type JobDefinition } from '../jobs/job.ts';
import type { ZaloMessenger } from '../zalo/zalo.port.ts';
import type { SendRateLimiter } from '../zalo/send-rate.ts';
import { ZaloNotConfiguredError } from '../zalo/token.service.ts';
import {
  syncFollowers,
  type FollowerSource,
  type FollowerSyncResult,
} from '../followers/followers.service.ts';
import type { ChatContext, ChatFeature, MenuTopicsSource } from './chat.types.ts';
import { ChatPipeline } from './chat.pipeline.ts';
import { HandoffService } from './handoff.service.ts';
import { InboxWorker, InboxWriter, type MessageReceipt } from './inbox.service.ts';
import { OutboxWorker } from './outbox.service.ts';
import { createReplyFallback } from './reply-fallback.ts';
import { simulatorRoutes } from './simulator.routes.ts';
import { webhookRoutes } from './webhook.routes.ts';
import { outboxConsoleRoutes } from './outbox.routes.ts';

/** What the chat channel needs besides the core deps. */
export interface ChatPorts {
  i18n: i18n;
  messenger: ZaloMessenger;
  /** The OA's shared send rate; replies take it at reply priority, ahead of broadcasts. */
  sendRate?: SendRateLimiter;
  /** The OA follower list (the Zalo client); absent → no sync job. */
  followerSource?: FollowerSource;
  /** Receives Zalo's received/seen receipts (delivery statistics). */
  onReceipt?: (receipt: MessageReceipt) => Promise<boolean>;
  /** Every module's chat features; the pipeline runs them by priority (ties in the order given). */
  features?: ChatFeatureEntry[];
  /** Every module's follow hooks, run after the follow greeting. */
  followHooks?: ((ctx: ChatContext) => Promise<void>)[];
  /** A follower's commune, so the console's handoff inbox is scoped to an agent's units. */
  followerAreaOf?: (followerId: string) => Promise<string | null>;
  /** The app's metrics registry (the reply-fallback counter goes there). */
  registry?: Registry;
  /** The menu's topic buttons (the FAQ's most asked topics); without it the configured `menu.topics`. */
  menuTopics?: MenuTopicsSource;
}

/** Everything the OA chat channel exposes to the app and to other modules. */
export interface ChatModule extends Module {
  pipeline: ChatPipeline;
  handoff: HandoffService;
  inbox: InboxWorker;
  outbox: OutboxWorker;
  /** `POST /webhooks/zalo`; mount before any rate limiter. */
  webhookRouter: Router;
  /** `/dev/simulator/messages` and `/dev/chat`; mount only when `config.simulatorEnabled`. */
  devRouter: Router;
  jobs: JobDefinition[];
  /** For tests that plug a feature of their own in; the app passes every feature at construction. */
  registerFeature(feature: ChatFeature, options?: { priority?: number }): void;
  syncFollowers(): Promise<FollowerSyncResult>;
}

const FOLLOWER_SYNC_EVERY_MS = 6 * 3_600_000;
/** Webhooks within this many ms count as a burst in progress. */
const INGRESS_HOT_MS = 25;
/** During a burst the inbox worker rests this many times as long as its last event took (≈ 1/(1+f) of the time). */
const HOT_REST_FACTOR = 15;

/** Wires the chat channel: webhook → inbox worker → pipeline → outbox worker → Zalo. */
export function createChatModule(core: CoreDeps, deps: ChatPorts): ChatModule {
  const logger = core.logger.child({ module: 'chat' });
  const { db, clock, config } = core;
  const inboxWake = new JobWake();
  const outboxWake = new JobWake();
  const handoff = new HandoffService({ db, clock, logger, config, onQueued: () => outboxWake.kick() });
  const pipeline = new ChatPipeline({ db, clock, logger, config, i18n: deps.i18n, handoff });
  for (const f of deps.features ?? []) pipeline.registerFeature(f.feature, { priority: f.priority });
  for (const hook of deps.followHooks ?? []) pipeline.registerFollowHook(hook);
  if (deps.menuTopics) pipeline.setMenuTopics(deps.menuTopics);
  const inbox = new InboxWorker({
    db,
    clock,
    logger,
    pipeline,
    onReceipt: deps.onReceipt,
    onRepliesQueued: () => outboxWake.kick(),
  });
  // While webhooks pour in, acknowledging them comes first (Zalo wants a 200 within 2 s; replies can wait a
  // moment): after each event the worker rests several times as long as that event took, so the acks keep most of
  // the process (PGlite runs its queries on this thread). With no burst it works through its batch without rests.
  const writer = new InboxWriter(db);
  const hot = () => performance.now() - writer.lastStoreAt < INGRESS_HOT_MS;
  const yieldToIngress = async (lastEventMs: number) => {
    if (hot())
      await new Promise((r) => setTimeout(r, Math.max(INGRESS_HOT_MS, HOT_REST_FACTOR * lastEventMs)));
    else await new Promise((r) => setImmediate(r));
  };
  const outbox = new OutboxWorker({
    db,
    clock,
    logger,
    config,
    messenger: deps.messenger,
    replyFallback: createReplyFallback({ db, clock, logger, i18n: deps.i18n, registry: deps.registry }),
    rate: deps.sendRate?.lane('reply'),
    beforeSend: async () => {
      if (hot()) await new Promise((r) => setTimeout(r, INGRESS_HOT_MS));
    },
  });
  const sync = () => {
    if (!deps.followerSource)
      return Promise.resolve({ seen: 0, created: 0, refollowed: 0, unfollowed: 0, complete: false });
    return syncFollowers({ db, clock, logger, source: deps.followerSource });
  };
  const jobs: JobDefinition[] = [
    {
      id: 'chat-inbox',
      schedule: { everyMs: 1_000 },
      wake: inboxWake,
      handler: async () => (await inbox.runOnce(20, yieldToIngress)).claimed > 0,
    } satisfies JobDefinition,
    {
      id: 'chat-outbox',
      schedule: { everyMs: 1_000 },
      wake: outboxWake,
      handler: async () => (await outbox.runOnce()).claimed > 0,
      // On shutdown the outbox starts no new request and frees its reserved rows; requests in flight finish.
      onStop: () => outbox.stop(),
    } satisfies JobDefinition,
  ];
  if (deps.followerSource) {
    jobs.push({
      id: 'follower-sync',
      schedule: { everyMs: FOLLOWER_SYNC_EVERY_MS },
      handler: async () => {
        try {
          await sync();
        } catch (err) {
          // A fresh install has no OA tokens yet (/health says so): nothing to sync, not an error to alarm on.
          if (!(err instanceof ZaloNotConfiguredError)) throw err;
          logger.info('follower sync skipped: the OA is not connected yet (npm run zalo:token)');
        }
      },
    } satisfies JobDefinition);
  }
  const bodyLimit = config.BODY_LIMIT;
  return {
    name: 'chat',
    // Replies whose outcome is unknown after a crash, and failures, for the handoff page (issue 19).
    consoleRoutes: outboxConsoleRoutes({ db }),
    mount: { consoleRoutes: '/outbox' },
    consolePages: { handoff: handoffInboxFrom(handoff, deps.followerAreaOf) },
    pipeline,
    handoff,
    inbox,
    outbox,
    webhookRouter: webhookRoutes({
      db,
      clock,
      logger,
      config,
      bodyLimit,
      writer,
      onStored: () => inboxWake.kick(),
    }),
    devRouter: simulatorRoutes({ pipeline, clock, bodyLimit }),
    jobs,
    registerFeature: (f, o) => pipeline.registerFeature(f, o),
    syncFollowers: sync,
  };
}
