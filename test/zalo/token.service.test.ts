import nock from 'nock';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/logger.ts';
import { zaloTokens } from '../../src/zalo/token.schema.ts';
import {
  ZaloNotConfiguredError,
  ZaloReauthRequiredError,
  ZaloTokenRefreshError,
  ZaloTokenService,
  type ZaloTokenConfig,
} from '../../src/zalo/token.service.ts';
import { ZaloClient } from '../../src/zalo/zalo.client.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { CapturedLogs, createTestApp, testConfig } from '../helpers/app.ts';
import { auditRows, createStaff, sessionFor } from '../console/helpers.ts';
import { zaloOnlyThroughNock } from '../helpers/nock.ts';

zaloOnlyThroughNock();

const OAUTH = 'http://zalo-oauth.test';
const API = 'http://zalo-api.test';
// Distinctive values, so a leak into the logs is found by a plain substring search.
const A0 = 'ACCESS-SECRET-zero';
const R0 = 'REFRESH-SECRET-zero';
const A1 = 'ACCESS-SECRET-one';
const R1 = 'REFRESH-SECRET-one';

let database: Database;
let clock: FakeClock;
let logs: CapturedLogs;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.db.delete(zaloTokens);
  clock = new FakeClock();
  logs = new CapturedLogs();
});

function service(overrides: Partial<ZaloTokenConfig> = {}, failureCooldownMs?: number): ZaloTokenService {
  const config = { ...testConfig(), ...overrides };
  return new ZaloTokenService({
    db: database.db,
    config,
    logger: createLogger('debug', logs),
    clock,
    failureCooldownMs,
  });
}

/** Zalo's OAuth endpoint answering `answer`, counting requests and recording what they carried. */
function oauth(answer: object, opts: { delayMs?: number; status?: number } = {}) {
  const seen = { count: 0, forms: [] as URLSearchParams[], secrets: [] as string[] };
  nock(OAUTH)
    .post('/v4/oa/access_token')
    .times(100)
    .delay(opts.delayMs ?? 0)
    .reply(function (_uri, body) {
      seen.count++;
      seen.forms.push(new URLSearchParams(String(body)));
      seen.secrets.push(String(this.req.headers['secret_key']));
      return [opts.status ?? 200, answer];
    });
  return seen;
}

const rotated = { access_token: A1, refresh_token: R1, expires_in: '90000' };

async function storedRow() {
  const [row] = await database.db.select().from(zaloTokens);
  return row;
}

/** A pair that expires in one minute: inside the five-minute refresh-ahead window. */
async function storeExpiringPair() {
  await service().storeTokenPair({ accessToken: A0, refreshToken: R0, expiresInSec: 60 });
}

describe(ZaloTokenService.name, () => {
  it('seeds from the environment and refreshes ahead of expiry, storing the rotated pair', async () => {
    const tokens = service({ ZALO_ACCESS_TOKEN: A0, ZALO_REFRESH_TOKEN: R0 });
    const calls = oauth(rotated);
    expect(await tokens.getAccessToken()).toBe(A0);
    expect(calls.count).toBe(0);
    clock.advance(56 * 60_000); // the seed is assumed to last an hour; refresh starts 5 min before
    expect(await tokens.getAccessToken()).toBe(A1);
    expect(calls.count).toBe(1);
    expect(Object.fromEntries(calls.forms[0]!)).toEqual({
      refresh_token: R0,
      app_id: 'test-app-id',
      grant_type: 'refresh_token',
    });
    expect(calls.secrets).toEqual(['test-app-secret']);
    const row = await storedRow();
    expect(row).toMatchObject({ accessToken: A1, refreshToken: R1, state: 'ok' });
    expect(row!.expiresAt.getTime()).toBe(clock.now().getTime() + 90_000_000);
  });

  it('serves 50 concurrent callers at expiry with exactly one refresh request', async () => {
    await storeExpiringPair();
    const calls = oauth(rotated, { delayMs: 50 });
    const tokens = service();
    const results = await Promise.all(Array.from({ length: 50 }, () => tokens.getAccessToken()));
    expect(calls.count).toBe(1);
    expect(new Set(results)).toEqual(new Set([A1]));
  });

  it('shares one refresh between two instances on the same database (row lock, re-read)', async () => {
    await storeExpiringPair();
    const calls = oauth(rotated, { delayMs: 50 });
    const a = service();
    const b = service();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).getAccessToken()),
    );
    expect(calls.count).toBe(1);
    expect(new Set(results)).toEqual(new Set([A1]));
    expect(await storedRow()).toMatchObject({ refreshToken: R1, version: 2 });
  });

  it('commits the new pair before anything uses the new access token', async () => {
    await storeExpiringPair();
    oauth(rotated);
    let rowWhenUsed: Awaited<ReturnType<typeof storedRow>>;
    nock(API)
      .post('/v3.0/oa/message/cs')
      .reply(function (_uri, _body, cb) {
        expect(this.req.headers['access_token']).toBe(A1);
        void storedRow().then(
          (row) => {
            rowWhenUsed = row;
            cb(null, [200, { error: 0, message: 'Success', data: { message_id: 'm-1' } }]);
          },
          (err: Error) => cb(err, [500, '']),
        );
      });
    const client = new ZaloClient({
      config: testConfig(),
      tokens: service(),
      logger: createLogger('silent'),
    });
    await client.send('cs', 'u-1', { type: 'text', text: 'Xin chào' });
    expect(rowWhenUsed!).toMatchObject({ accessToken: A1, refreshToken: R1 });
    // A restarted instance finds the pair and needs no refresh.
    expect(await service().getAccessToken()).toBe(A1);
  });

  it('puts the channel into needs_reauth on a refused refresh token: one request, one log line, a typed error', async () => {
    await storeExpiringPair();
    const calls = oauth({
      error_name: 'Invalid refresh token',
      error_description: 'refresh token is invalid',
    });
    const tokens = service();
    for (let i = 0; i < 3; i++)
      await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(ZaloReauthRequiredError);
    await expect(service().getAccessToken()).rejects.toBeInstanceOf(ZaloReauthRequiredError);
    expect(calls.count).toBe(1);
    expect(await storedRow()).toMatchObject({ state: 'needs_reauth', refreshToken: R0 });
    expect(await tokens.channelState()).toBe('needs_reauth');
    // One error from the instance that saw the refusal, one warning from the other instance; no repeats.
    const reauth = logs.lines.filter((l) => String(l.msg).includes('re-authorisation'));
    expect(reauth.map((l) => l.level)).toEqual([50, 40]);
    for (const secret of [A0, R0, 'test-app-secret']) expect(logs.text).not.toContain(secret);
  });

  it('leaves needs_reauth when a new pair is stored (the CLI)', async () => {
    await storeExpiringPair();
    oauth({ error_name: 'Invalid refresh token' });
    const tokens = service();
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(ZaloReauthRequiredError);
    await tokens.storeTokenPair({ accessToken: A1, refreshToken: R1, expiresInSec: 90_000 });
    expect(await tokens.getAccessToken()).toBe(A1);
    expect(await tokens.channelState()).toBe('ok');
  });

  it('never stores an answer that lacks a token; keeps the still-valid token and waits before trying again', async () => {
    await storeExpiringPair();
    const calls = oauth({ access_token: A1, expires_in: '90000' }); // HTTP 200, no refresh token
    const tokens = service({}, 30_000);
    expect(await tokens.getAccessToken()).toBe(A0); // not expired yet: keep working
    expect(await storedRow()).toMatchObject({ accessToken: A0, refreshToken: R0, state: 'ok' });
    expect(await tokens.getAccessToken()).toBe(A0);
    expect(calls.count).toBe(1); // cooling down: no retry storm
    clock.advance(31_000);
    expect(await tokens.getAccessToken()).toBe(A0);
    expect(calls.count).toBe(2);
    clock.advance(60_000); // now the old token has expired too
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(ZaloTokenRefreshError);
    expect(await storedRow()).toMatchObject({ refreshToken: R0, state: 'ok' });
  });

  it('treats a 5xx from the OAuth server as transient, not as needs_reauth', async () => {
    await storeExpiringPair();
    clock.advance(61_000);
    oauth({ message: 'oops' }, { status: 502 });
    await expect(service().getAccessToken()).rejects.toBeInstanceOf(ZaloTokenRefreshError);
    expect(await storedRow()).toMatchObject({ state: 'ok', refreshToken: R0 });
  });

  it('refreshes once when Zalo rejects the access token, unless another instance already replaced it', async () => {
    await service().storeTokenPair({ accessToken: A0, refreshToken: R0, expiresInSec: 90_000 });
    const calls = oauth(rotated);
    const tokens = service();
    expect(await tokens.getAccessToken()).toBe(A0);
    expect(await tokens.refreshAfterRejection(A0)).toBe(A1);
    expect(calls.count).toBe(1);
    // A second instance still holding A0 finds A1 in the row and does not refresh again.
    expect(await service().refreshAfterRejection(A0)).toBe(A1);
    expect(calls.count).toBe(1);
  });

  it('reports not_configured and throws a typed error when there is nothing to use', async () => {
    const tokens = service();
    expect(await tokens.channelState()).toBe('not_configured');
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(ZaloNotConfiguredError);
  });

  it('refreshes a seed that has only a refresh token on first use', async () => {
    const calls = oauth(rotated);
    expect(await service({ ZALO_REFRESH_TOKEN: R0 }).getAccessToken()).toBe(A1);
    expect(calls.count).toBe(1);
  });
});

describe('zalo health', () => {
  it('re-authorises from the console: the pasted refresh token is exchanged at once; a refused one is a 400', async () => {
    const app = await createTestApp({ database, clock });
    try {
      const admin = await sessionFor(app, (await createStaff(app, 'qt-oa', 'admin', null)).id);
      await app.database.db.insert(zaloTokens).values({
        oaId: 'test-oa-id',
        accessToken: A0,
        refreshToken: R0,
        expiresAt: clock.now(),
        state: 'needs_reauth',
      });
      const paste = (refreshToken: string) =>
        request(app.express)
          .post('/api/console/settings/oa/reauthorise')
          .set('cookie', admin.cookie)
          .set('x-csrf-token', admin.csrf)
          .send({ refreshToken });
      let refused = oauth({ error_name: 'Invalid refresh token' });
      const bad = await paste('REFRESH-SECRET-used-already');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('Zalo không chấp nhận Refresh Token');
      expect(refused.forms[0]?.get('refresh_token')).toBe('REFRESH-SECRET-used-already');
      expect(await storedRow()).toMatchObject({ state: 'needs_reauth' });
      nock.cleanAll();
      refused = oauth(rotated);
      expect((await paste('REFRESH-SECRET-fresh-one')).status).toBe(204);
      expect(refused.forms[0]?.get('refresh_token')).toBe('REFRESH-SECRET-fresh-one');
      expect(await storedRow()).toMatchObject({ state: 'ok', accessToken: A1, refreshToken: R1 });
      const settings = await request(app.express).get('/api/console/settings').set('cookie', admin.cookie);
      expect(settings.body.oa).toMatchObject({ status: 'ok', canReauthorise: true });
      expect(JSON.stringify(await auditRows(app))).not.toContain('REFRESH-SECRET');
      expect(app.logs.text).not.toContain('REFRESH-SECRET');
    } finally {
      await app.jobs.stop();
    }
  });

  it('shows zalo state on /health beside the database', async () => {
    const app = await createTestApp({ database });
    try {
      let res = await request(app.express).get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', db: 'ok', zalo: 'not_configured' });
      await service().storeTokenPair({ accessToken: A0, refreshToken: R0, expiresInSec: 90_000 });
      res = await request(app.express).get('/health');
      expect(res.body.zalo).toBe('ok');
      await database.db
        .update(zaloTokens)
        .set({ state: 'needs_reauth' })
        .where(eq(zaloTokens.oaId, 'test-oa-id'));
      res = await request(app.express).get('/health');
      expect(res.body).toMatchObject({ status: 'ok', zalo: 'needs_reauth' });
    } finally {
      await app.jobs.stop();
    }
  });
});
