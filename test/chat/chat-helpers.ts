import nock from 'nock';
import request from 'supertest';
import { signWebhook } from '../../src/zalo/webhook-signature.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import type { FakeClock } from '../../src/lib/clock.ts';
import { classifyRequest } from '../../src/zalo/zalo.message-schemas.ts';
import type { MessageKind } from '../../src/zalo/zalo.port.ts';

export const ZALO_API = 'http://zalo-api.test';
export const keys = { appId: 'test-app-id', oaSecretKey: 'test-oa-secret-key' };

/** The chat tests' app: Zalo tokens seeded so the real client sends (to nock), a fast outbox. */
export function createChatTestApp(
  config: Record<string, string> = {},
  opts: { clock?: FakeClock } = {},
): Promise<TestApp> {
  return createTestApp({
    config: {
      ZALO_ACCESS_TOKEN: 'test-access-token',
      ZALO_REFRESH_TOKEN: 'test-refresh-token',
      OUTBOX_RATE_PER_SECOND: '10000',
      ...config,
    },
    ...opts,
  });
}

let seq = 0;
/** A user_send_text event as Zalo posts it, stamped with the app's clock. */
export function textEvent(t: TestApp, userId: string, text: string, extra: Record<string, unknown> = {}) {
  seq++;
  return {
    app_id: keys.appId,
    sender: { id: userId },
    recipient: { id: 'test-oa-id' },
    event_name: 'user_send_text',
    message: { text, msg_id: `msg-${Date.now()}-${seq}` },
    timestamp: String(t.clock.now().getTime()),
    user_id_by_app: `app-${userId}`,
    ...extra,
  };
}

export function followEvent(
  t: TestApp,
  userId: string,
  name: 'follow' | 'unfollow',
  atMs = t.clock.now().getTime(),
) {
  return {
    app_id: keys.appId,
    oa_id: 'test-oa-id',
    follower: { id: userId },
    event_name: name,
    source: 'oa_profile',
    timestamp: String(atMs),
  };
}

/** Posts a body exactly as given (string) or JSON-encoded, signed unless told otherwise. */
export function postWebhook(
  t: TestApp,
  body: unknown,
  opts: { signature?: string | null; key?: string; timestamp?: string } = {},
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = opts.timestamp ?? String((body as { timestamp?: string }).timestamp ?? '');
  const sig =
    opts.signature === undefined
      ? signWebhook({ ...keys, oaSecretKey: opts.key ?? keys.oaSecretKey }, raw, ts)
      : opts.signature;
  const req = request(t.express).post('/webhooks/zalo').set('content-type', 'application/json');
  if (sig !== null) req.set('X-ZEvent-Signature', sig);
  return req.send(raw);
}

export interface SentMessage {
  kind: string;
  userId: string;
  message: { text?: string; attachment?: { payload?: { buttons?: { title: string; payload: unknown }[] } } };
}

/**
 * Answers message sends at the Zalo API (nock) as the strict fake does: a shape no SDK builds for that endpoint
 * gets -201 (zalo.message-schemas.ts); accepted ones are recorded.
 */
export function acceptSends(sent: SentMessage[], refused: { kind: string; problem: string }[] = []) {
  return nock(ZALO_API)
    .persist()
    .post(/\/v3\.0\/oa\/message\/(cs|transaction|promotion)/, () => true)
    .reply(function (uri, body) {
      const endpoint = uri.split('/').pop() as MessageKind;
      const shape = classifyRequest(endpoint, body);
      if (!shape.ok) {
        refused.push({ kind: endpoint, problem: shape.problem });
        return [200, { error: -201, message: `Invalid parameters: ${shape.problem}` }];
      }
      const b = body as { recipient: { user_id: string }; message: SentMessage['message'] };
      sent.push({ kind: uri.split('/').pop()!, userId: b.recipient.user_id, message: b.message });
      return [200, { error: 0, message: 'Success', data: { message_id: `zmsg-${sent.length}` } }];
    });
}

/** Inbox then outbox, to quiescence. */
export async function settle(t: TestApp) {
  await t.chat.inbox.drain();
  await t.chat.outbox.drain();
}
