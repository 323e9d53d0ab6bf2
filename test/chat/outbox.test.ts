import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { eq, like } from 'drizzle-orm';
import type { TestApp } from '../helpers/app.ts';
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { inboxEvents, outboxMessages } from '../../src/chat/chat.schema.ts';
import { enqueueReplies, OutboxWorker } from '../../src/chat/outbox.service.ts';
import { ZaloClient } from '../../src/zalo/zalo.client.ts';
import {
  acceptSends,
  createChatTestApp,
  postWebhook,
  textEvent,
  ZALO_API,
  type SentMessage,
} from './chat-helpers.ts';
import { zaloOnlyThroughNock } from '../helpers/nock.ts';

zaloOnlyThroughNock();

let t: TestApp;
beforeAll(async () => {
  t = await createChatTestApp();
});
afterAll(async () => {
  await t.close();
});

const rowsFor = (userId: string) =>
  t.database.db.select().from(outboxMessages).where(eq(outboxMessages.zaloUserId, userId));

/** A Zalo client whose own retries are off and whose waits return at once, so the outbox's retries are what we see. */
function quickClient() {
  return new ZaloClient({
    config: t.config,
    tokens: { getAccessToken: async () => 'tok', refreshAfterRejection: async () => 'tok2' } as never,
    logger: createLogger('silent'),
    retry: { attempts: 1 },
  });
}

describe('outbox', () => {
  it('retries after Zalo answers 5xx, with backoff, then sends once', async () => {
    await postWebhook(t, textEvent(t, 'u-5xx', 'menu'));
    await t.chat.inbox.drain();
    const worker = new OutboxWorker({
      db: t.database.db,
      clock: t.clock,
      logger: createLogger('silent'),
      config: t.config,
      messenger: quickClient(),
    });
    nock(ZALO_API).post('/v3.0/oa/message/cs').reply(503, 'Service Unavailable');
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1, sent: 0 });
    let [row] = await rowsFor('u-5xx');
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.lastError).toMatch(/503/);
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(t.clock.now().getTime());

    expect((await worker.runOnce()).claimed).toBe(0); // not due yet: nothing is sent early
    nock(ZALO_API).post('/v3.0/oa/message/cs').reply(200, { error: -32, message: 'rate limited' });
    t.clock.advance(60_000);
    expect(await worker.runOnce()).toMatchObject({ retried: 1 });
    const sent: SentMessage[] = [];
    acceptSends(sent);
    t.clock.advance(60_000);
    expect(await worker.drain()).toMatchObject({ sent: 1 });
    [row] = await rowsFor('u-5xx');
    expect(row).toMatchObject({ status: 'sent', attempts: 3, zaloMessageId: 'zmsg-1' });
    expect(sent).toHaveLength(1);
    expect(await worker.drain()).toMatchObject({ claimed: 0 });
  });

  it('records a permanent failure with its reason and never retries it', async () => {
    await postWebhook(t, textEvent(t, 'u-bad', 'menu'));
    await t.chat.inbox.drain();
    nock(ZALO_API)
      .post('/v3.0/oa/message/cs')
      .reply(200, { error: -230, message: 'User has not interacted with the OA in 7 days' });
    expect(await t.chat.outbox.drain()).toMatchObject({ failed: 1 });
    const [row] = await rowsFor('u-bad');
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.lastError).toMatch(/window -230/);
    t.clock.advance(10 * 60_000); // (less than the seeded token's life: no OAuth refresh in these tests)
    expect((await t.chat.outbox.drain()).claimed).toBe(0);
  });

  it('picks up pending replies after a restart, and marks rows abandoned mid-send as failed instead of resending', async () => {
    await postWebhook(t, textEvent(t, 'u-restart', 'menu'));
    await t.chat.inbox.drain(); // the reply is queued; the "process" now stops before sending it
    const interrupted = await enqueueReplies(
      t.database.db,
      [
        {
          idempotencyKey: 'test:crash',
          followerId: null,
          zaloUserId: 'u-restart',
          kind: 'cs',
          message: { type: 'text', text: 'x' },
        },
      ],
      t.clock.now(),
    );
    expect(interrupted).toBe(1);
    await t.database.db
      .update(outboxMessages)
      .set({ status: 'sending', attempts: 1, lockedUntil: t.clock.now() })
      .where(eq(outboxMessages.idempotencyKey, 'test:crash'));
    t.clock.advance(1_000);

    // A second instance of the app on the same database: what a restart looks like.
    const restarted = createApp({
      config: t.config,
      database: t.database,
      logger: createLogger('silent'),
      clock: t.clock,
    });
    const sent: SentMessage[] = [];
    acceptSends(sent);
    await restarted.chat.outbox.drain();
    expect(sent.map((s) => s.userId)).toEqual(['u-restart']);
    const rows = await rowsFor('u-restart');
    expect(rows.map((r) => r.status).sort()).toEqual(['sent', 'unknown']);
    expect(rows.find((r) => r.status === 'unknown')!.lastError).toMatch(/outcome unknown/);
    await Promise.all([restarted.chat.outbox.drain(), t.chat.outbox.drain()]);
    expect(sent).toHaveLength(1);
  });

  it('never queues a reply twice when an event is processed again after a crash', async () => {
    await postWebhook(t, textEvent(t, 'u-crash', 'menu'));
    await t.chat.inbox.drain();
    // As if the worker died after committing the replies but before anyone noticed: the lease runs out, it runs again.
    await t.database.db
      .update(inboxEvents)
      .set({ status: 'processing', lockedUntil: t.clock.now() })
      .where(eq(inboxEvents.zaloUserId, 'u-crash'));
    t.clock.advance(1_000);
    expect(await t.chat.inbox.drain()).toMatchObject({ processed: 1 });
    expect(await rowsFor('u-crash')).toHaveLength(1);
    const [ev] = await t.database.db.select().from(inboxEvents).where(eq(inboxEvents.zaloUserId, 'u-crash'));
    expect(ev).toMatchObject({ status: 'processed', attempts: 2 });
  });

  it('lets concurrent workers share the queue without sending anything twice', async () => {
    for (let i = 0; i < 12; i++) await postWebhook(t, textEvent(t, `u-par-${i}`, 'menu'));
    await t.chat.inbox.drain();
    const sent: SentMessage[] = [];
    acceptSends(sent);
    const other = createApp({
      config: t.config,
      database: t.database,
      logger: createLogger('silent'),
      clock: t.clock,
    });
    await Promise.all([t.chat.outbox.drain(), other.chat.outbox.drain(), t.chat.outbox.drain()]);
    expect(sent.filter((s) => s.userId.startsWith('u-par-'))).toHaveLength(12);
    const rows = await t.database.db
      .select()
      .from(outboxMessages)
      .where(like(outboxMessages.zaloUserId, 'u-par-%'));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('takes one permit from the send rate right before each send', async () => {
    const events: string[] = [];
    const sent: SentMessage[] = [];
    nock(ZALO_API)
      .persist()
      .post('/v3.0/oa/message/cs')
      .reply(function (_uri, body) {
        const userId = (body as { recipient: { user_id: string } }).recipient.user_id;
        events.push(`send ${userId}`);
        sent.push({ kind: 'cs', userId, message: {} });
        return [200, { error: 0, message: 'Success', data: { message_id: `p-${sent.length}` } }];
      });
    const worker = new OutboxWorker({
      db: t.database.db,
      clock: t.clock,
      logger: createLogger('silent'),
      config: t.config,
      messenger: quickClient(),
      rate: { burst: 1, take: async () => void events.push('permit') },
    });
    const items = Array.from({ length: 6 }, (_, i) => ({
      idempotencyKey: `pace:${i}`,
      followerId: null,
      zaloUserId: `u-pace-${i}`,
      kind: 'cs' as const,
      message: { type: 'text' as const, text: 'hi' },
    }));
    await enqueueReplies(t.database.db, items, t.clock.now());
    await worker.drain();
    expect(sent).toHaveLength(6);
    expect(events.filter((e) => e === 'permit')).toHaveLength(6);
    // every send follows its own permit: never more sends than permits at any point
    let balance = 0;
    for (const e of events) {
      balance += e === 'permit' ? 1 : -1;
      expect(balance).toBeGreaterThanOrEqual(0);
    }
  });
});
