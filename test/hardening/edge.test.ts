import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { auditRows } from '../console/helpers.ts';
import { CSRF_REFUSALS_PER_WINDOW, CSRF_WINDOW_MS } from '../../src/console/csrf-refusals.ts';

/** CSRF refusals in aggregate, the trusted-proxy rule of the login limiter, and the dev login's identity. */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({
    config: { RATE_LIMIT_PER_MINUTE: '100000', CONSOLE_LOGIN_RATE_PER_MINUTE: '5' },
  });
});
afterAll(() => app.close());

/** A login with a valid pre-session CSRF token (so the login limiter, not the CSRF guard, answers). */
async function loginFrom(a: TestApp, xff: string) {
  const pre = await request(a.express).get('/api/console/auth/csrf');
  const cookie = (pre.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
  return request(a.express)
    .post('/api/console/auth/login')
    .set('cookie', cookie)
    .set('x-csrf-token', pre.body.csrfToken as string)
    .set('x-forwarded-for', xff)
    .send({ username: 'x', password: 'y' });
}

const anonymousLogin = (a: TestApp, xff?: string) => {
  const req = request(a.express).post('/api/console/auth/login');
  return (xff ? req.set('x-forwarded-for', xff) : req).send({ username: 'x', password: 'y' });
};

describe('CSRF refusals', () => {
  it('are audited as one row per client and window with a count, and rate-limited past the allowance', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < CSRF_REFUSALS_PER_WINDOW + 10; i++) statuses.push((await anonymousLogin(app)).status);
    expect(statuses.slice(0, CSRF_REFUSALS_PER_WINDOW).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(CSRF_REFUSALS_PER_WINDOW).every((s) => s === 429)).toBe(true);
    // Nothing written per request…
    expect((await auditRows(app)).filter((r) => r.action === 'csrf.rejected')).toEqual([]);
    // …one row when the window closes (the next refusal after it, or the job's flush).
    app.clock.advance(CSRF_WINDOW_MS);
    expect((await anonymousLogin(app)).status).toBe(403); // a new window starts with the allowance again
    const rows = (await auditRows(app)).filter((r) => r.action === 'csrf.rejected');
    expect(rows.map((r) => r.details?.count)).toEqual([CSRF_REFUSALS_PER_WINDOW + 10]);
    await app.console.csrfRefusals.flush(true);
    const after = (await auditRows(app)).filter((r) => r.action === 'csrf.rejected');
    expect(after.map((r) => r.details?.count)).toEqual([CSRF_REFUSALS_PER_WINDOW + 10, 1]);
  });
});

describe('TRUST_PROXY and the login limiter', () => {
  it('with proxy addresses that are not the caller, a forged X-Forwarded-For is ignored', async () => {
    const a = await createTestApp({
      config: { CONSOLE_LOGIN_RATE_PER_MINUTE: '3', TRUST_PROXY: '10.9.8.7' },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await loginFrom(a, `198.51.100.${i}`)).status);
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      await a.close();
    }
  });

  it('with one hop, only the address the proxy appended counts, not what the client put before it', async () => {
    const a = await createTestApp({ config: { CONSOLE_LOGIN_RATE_PER_MINUTE: '3', TRUST_PROXY: '1' } });
    try {
      const statuses = [];
      // The client forges the left part; the proxy appends the real client address (203.0.113.9) on the right.
      for (let i = 0; i < 5; i++) statuses.push((await loginFrom(a, `198.51.100.${i}, 203.0.113.9`)).status);
      expect(statuses.slice(3)).toEqual([429, 429]);
      // A different real client behind the same proxy has its own allowance.
      expect((await loginFrom(a, '203.0.113.10')).status).not.toBe(429);
    } finally {
      await a.close();
    }
  });

  it('refuses TRUST_PROXY=true at start-up', async () => {
    await expect(createTestApp({ config: { TRUST_PROXY: 'true' } })).rejects.toThrow(/TRUST_PROXY/);
  });
});

describe('mini-app dev login', () => {
  it('gives each browser its own random identity, whatever name is typed, and keeps it across logins', async () => {
    const first = await request(app.express).post('/api/miniapp/dev-login').send({ name: 'Trần Thị Bé' });
    const other = await request(app.express).post('/api/miniapp/dev-login').send({ name: 'Trần Thị Bé' });
    expect(first.status).toBe(200);
    expect(first.body.user.zaloUserId).not.toBe(other.body.user.zaloUserId);
    expect(first.body.user.zaloUserId).not.toMatch(/tran/);
    const devCookie = (first.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('miniapp_dev_id='))!
      .split(';')[0]!;
    const again = await request(app.express)
      .post('/api/miniapp/dev-login')
      .set('cookie', devCookie)
      .send({ name: 'Tên khác' });
    expect(again.body.user.zaloUserId).toBe(first.body.user.zaloUserId);
  });

  it('is off unless MINIAPP_DEV_LOGIN=1, and so is the simulator unless SIMULATOR=1', async () => {
    const off = await createTestApp({ config: { MINIAPP_DEV_LOGIN: '0', SIMULATOR: '0' } });
    try {
      expect((await request(off.express).post('/api/miniapp/dev-login').send({ name: 'x' })).status).toBe(
        404,
      );
      expect(
        (await request(off.express).post('/dev/simulator/messages').send({ userId: 'u', text: 'x' })).status,
      ).toBe(404);
    } finally {
      await off.close();
    }
  });
});
