import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { zaloTokens } from '../../src/zalo/token.schema.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { codeChallengeOf } from '../../src/zalo/oauth.service.ts';
import { startFakeZalo, type FakeZalo } from '../../src/zalo/fake-zalo-server.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { auditRows, createStaff, sessionFor } from '../console/helpers.ts';

/**
 * Connecting the OA from the settings page: OAuth v4 with PKCE against the fake Zalo, whose permission page answers
 * at once with a code bound to the challenge, and whose token endpoint checks the verifier (S256), once.
 */
let t: TestApp;
let fake: FakeZalo;

beforeAll(async () => {
  fake = await startFakeZalo({ appId: 'test-app-id', appSecret: 'test-app-secret', oaId: 'test-oa-id' });
  t = await createTestApp({
    config: { ZALO_OAUTH_BASE: fake.url, PUBLIC_BASE_URL: 'https://cchc.example.vn' },
  });
  await loadReferenceData(t.database.db, './content');
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

/** Starts as the given session and follows the fake's permission page: the callback URL Zalo sends back. */
async function authorise(session: { cookie: string; csrf: string }) {
  const started = await request(t.express)
    .post('/api/console/settings/oa/oauth/start')
    .set('cookie', session.cookie)
    .set('x-csrf-token', session.csrf)
    .send({});
  expect(started.status).toBe(200);
  const url = new URL(started.body.url);
  const consent = await fetch(url, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  return { url, back: new URL(consent.headers.get('location')!) };
}

const callback = (back: URL, cookie: string) =>
  request(t.express).get(`${back.pathname}${back.search}`).set('cookie', cookie);

describe('OA onboarding with OAuth v4 + PKCE', () => {
  it('sends the admin to /v4/oa/permission with app_id, redirect_uri, an S256 challenge and a state', async () => {
    const admin = await sessionFor(t, (await createStaff(t, 'qt-oauth', 'admin', null)).id);
    const { url, back } = await authorise(admin);
    expect(url.pathname).toBe('/v4/oa/permission');
    expect(url.searchParams.get('app_id')).toBe('test-app-id');
    expect(url.searchParams.get('redirect_uri')).toBe(
      'https://cchc.example.vn/api/console/settings/oa/oauth/callback',
    );
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32);
    // the state is kept only as a hash; the verifier never leaves the server
    expect(JSON.stringify(await t.database.db.execute('select * from zalo_oauth_states'))).not.toContain(
      url.searchParams.get('state')!,
    );
    const res = await callback(back, admin.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/settings?oa=connected');
    const [row] = await t.database.db.select().from(zaloTokens);
    expect(row).toMatchObject({ ...{ state: 'ok' }, accessToken: fake.currentTokens().accessToken });
    expect(row!.refreshToken).toBe(fake.currentTokens().refreshToken);
    expect((await auditRows(t)).map((a) => a.targetId)).toEqual(
      expect.arrayContaining(['zalo.oauth.start', 'zalo.oauth.connect']),
    );
    // the same callback again (a reload, a replay): the state was single use
    const again = await callback(back, admin.cookie);
    expect(again.headers.location).toBe('/admin/settings?oa=error&reason=bad_state');
  });

  it('refuses a state that expired, belongs to another admin or was made up, and a code for another challenge', async () => {
    const a = await sessionFor(t, (await createStaff(t, 'qt-a', 'admin', null)).id);
    const b = await sessionFor(t, (await createStaff(t, 'qt-b', 'admin', null)).id);
    const before = fake.currentTokens();
    const other = await authorise(a);
    expect((await callback(other.back, b.cookie)).headers.location).toMatch(/reason=bad_state/);
    const forged = new URL(other.back);
    forged.searchParams.set('state', 'made-up-state-made-up-state-made-up');
    expect((await callback(forged, a.cookie)).headers.location).toMatch(/reason=bad_state/);
    const late = await authorise(a);
    t.clock.advance(10 * 60_000 + 1);
    expect((await callback(late.back, a.cookie)).headers.location).toMatch(/reason=bad_state/);
    // a code Zalo issued for a different challenge (someone else's flow) is refused by the exchange
    const mine = await authorise(a);
    const stolen = await fetch(
      `${fake.url}/v4/oa/permission?app_id=test-app-id&redirect_uri=${encodeURIComponent(mine.back.origin + mine.back.pathname)}&code_challenge=${codeChallengeOf('another-verifier')}&state=x`,
      { redirect: 'manual' },
    );
    const swapped = new URL(mine.back);
    swapped.searchParams.set('code', new URL(stolen.headers.get('location')!).searchParams.get('code')!);
    expect((await callback(swapped, a.cookie)).headers.location).toMatch(/reason=rejected/);
    expect(fake.currentTokens()).toEqual(before); // nothing exchanged
  });

  it('refuses an authorisation for another OA, and keeps both steps behind settings.manage', async () => {
    const admin = await sessionFor(t, (await createStaff(t, 'qt-oa', 'admin', null)).id);
    const { back } = await authorise(admin);
    back.searchParams.set('oa_id', 'some-other-oa');
    expect((await callback(back, admin.cookie)).headers.location).toMatch(/reason=wrong_oa/);
    const agent = await sessionFor(t, (await createStaff(t, 'cb-oa', 'agent', 'so-noi-vu')).id);
    const refused = await request(t.express)
      .post('/api/console/settings/oa/oauth/start')
      .set('cookie', agent.cookie)
      .set('x-csrf-token', agent.csrf)
      .send({});
    expect(refused.status).toBe(403);
    expect(
      (await request(t.express).get('/api/console/settings/oa/oauth/callback?code=x&state=y')).status,
    ).toBe(401);
    const noCsrf = await request(t.express)
      .post('/api/console/settings/oa/oauth/start')
      .set('cookie', admin.cookie);
    expect(noCsrf.status).toBe(403);
    const [row] = await t.database.db.select().from(zaloTokens).where(eq(zaloTokens.state, 'ok'));
    expect(row).toBeDefined();
  });
});
