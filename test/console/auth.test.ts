import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { LOGIN_FAILED_MESSAGE } from '../../src/console/auth.service.ts';
import { auditRows, createStaff, loginHttp, PASSWORD } from './helpers.ts';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({
    config: { RATE_LIMIT_PER_MINUTE: '100000', CONSOLE_LOGIN_RATE_PER_MINUTE: '1000', TRUST_PROXY: '1' },
  });
  await loadReferenceData(app.database.db, 'content');
});
afterAll(() => app.close());

describe('console sign-in', () => {
  it('opens a session with an httpOnly SameSite=Lax cookie, Secure only over HTTPS', async () => {
    await createStaff(app, 'lan', 'editor');
    const { res, setCookie, cookie, csrf } = await loginHttp(app, 'LAN ');
    expect(res.status).toBe(200);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const me = await request(app.express).get('/api/console/me').set('cookie', cookie!);
    expect(me.body).toMatchObject({
      username: 'lan',
      role: 'editor',
      unitCode: 'ubnd-tinh',
      csrfToken: csrf,
    });
    expect(me.body.permissions).toContain('content.edit');
    expect(me.body.permissions).not.toContain('accounts.manage');

    const pre = await request(app.express).get('/api/console/auth/csrf').set('x-forwarded-proto', 'https');
    const preCookie = (pre.headers['set-cookie'] as unknown as string[])[0]!;
    expect(preCookie).toMatch(/Secure/i);
    const secure = await request(app.express)
      .post('/api/console/auth/login')
      .set('x-forwarded-proto', 'https')
      .set('cookie', preCookie.split(';')[0]!)
      .set('x-csrf-token', pre.body.csrfToken)
      .send({ username: 'lan', password: PASSWORD });
    expect(secure.status).toBe(200);
    expect(
      (secure.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cchc_console=')),
    ).toMatch(/Secure/i);
  });

  it('answers unknown users and wrong passwords identically, each after one argon2 verification', async () => {
    await createStaff(app, 'binh', 'agent');
    // Timing is not asserted (a loaded CI machine makes it noise); the cause of equal timing is: both paths run
    // exactly one argon2id verification, the unknown user's against a dummy hash.
    const verify = vi.spyOn(argon2, 'verify');
    const attempt = async (username: string) => {
      verify.mockClear();
      const { res } = await loginHttp(app, username, 'sai-mat-khau-123');
      return { status: res.status, body: res.body, verifications: verify.mock.calls.length };
    };
    const results = [await attempt('binh'), await attempt('khong-ton-tai'), await attempt('khong-ton-tai-2')];
    verify.mockRestore();
    for (const r of results) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: { code: 'unauthorized', message: LOGIN_FAILED_MESSAGE } });
      expect(r.verifications).toBe(1);
    }
    const rows = await auditRows(app);
    expect(rows.filter((r) => r.action === 'login.failed' && r.username === 'khong-ton-tai')).toHaveLength(1);
  });

  it('locks the account after N wrong passwords (even the right one is refused), audits it, and unlocks later', async () => {
    await createStaff(app, 'chi', 'approver');
    for (let i = 0; i < app.config.CONSOLE_LOCKOUT_ATTEMPTS; i++) {
      expect((await loginHttp(app, 'chi', 'sai-mat-khau-123')).res.status).toBe(401);
    }
    const locked = await loginHttp(app, 'chi');
    expect(locked.res.status).toBe(401);
    expect(locked.res.body.error.message).toBe(LOGIN_FAILED_MESSAGE);
    const rows = (await auditRows(app)).filter((r) => r.username === 'chi');
    expect(rows.filter((r) => r.action === 'login.lockout')).toHaveLength(1);
    expect(rows.at(-1)).toMatchObject({ action: 'login.failed', details: { reason: 'locked' } });
    app.clock.advance((app.config.CONSOLE_LOCKOUT_MINUTES + 1) * 60_000);
    expect((await loginHttp(app, 'chi')).res.status).toBe(200);
  });

  it('counts parallel wrong guesses without losing any (atomic counter)', async () => {
    await createStaff(app, 'dung', 'reviewer');
    await Promise.all(
      Array.from({ length: app.config.CONSOLE_LOCKOUT_ATTEMPTS }, () =>
        loginHttp(app, 'dung', 'sai-mat-khau-123'),
      ),
    );
    expect((await loginHttp(app, 'dung')).res.status).toBe(401);
  });

  it('rate-limits login attempts per client', async () => {
    const limited = await createTestApp({ config: { CONSOLE_LOGIN_RATE_PER_MINUTE: '2' } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await loginHttp(limited, 'x', 'y')).res.status);
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  it('expires idle sessions (FakeClock), slides while in use, and caps the lifetime', async () => {
    await createStaff(app, 'em', 'agent');
    const { cookie } = await loginHttp(app, 'em');
    const me = () => request(app.express).get('/api/console/me').set('cookie', cookie!);
    const idle = app.config.CONSOLE_SESSION_IDLE_MINUTES * 60_000;
    app.clock.advance(idle - 60_000);
    expect((await me()).status).toBe(200); // in use: the expiry slides
    app.clock.advance(idle - 60_000);
    expect((await me()).status).toBe(200);
    app.clock.advance(idle + 1);
    const expired = await me();
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ code: 'unauthorized', details: { reason: 'expired' } });

    const second = await loginHttp(app, 'em');
    const maxMs = app.config.CONSOLE_SESSION_MAX_HOURS * 3_600_000;
    for (let t = 0; t < maxMs; t += idle / 2) {
      app.clock.advance(idle / 2);
      await request(app.express).get('/api/console/me').set('cookie', second.cookie!);
    }
    expect((await request(app.express).get('/api/console/me').set('cookie', second.cookie!)).status).toBe(
      401,
    );
  });

  it('logs out: the session is gone and the logout is audited', async () => {
    await createStaff(app, 'giang', 'editor');
    const { cookie, csrf } = await loginHttp(app, 'giang');
    const out = await request(app.express)
      .post('/api/console/auth/logout')
      .set('cookie', cookie!)
      .set('x-csrf-token', csrf!);
    expect(out.status).toBe(204);
    expect((await request(app.express).get('/api/console/me').set('cookie', cookie!)).status).toBe(401);
    expect((await auditRows(app)).filter((r) => r.username === 'giang').map((r) => r.action)).toEqual([
      'login.success',
      'logout',
    ]);
  });
});

describe('re-login', () => {
  it('signing in again from the same browser replaces the old session', async () => {
    await createStaff(app, 'khanh', 'editor');
    const first = await loginHttp(app, 'khanh');
    const pre = await request(app.express).get('/api/console/auth/csrf');
    const preCookie = (pre.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
    const again = await request(app.express)
      .post('/api/console/auth/login')
      .set('cookie', `${preCookie}; ${first.cookie}`)
      .set('x-csrf-token', pre.body.csrfToken)
      .send({ username: 'khanh', password: PASSWORD });
    expect(again.status).toBe(200);
    expect((await request(app.express).get('/api/console/me').set('cookie', first.cookie!)).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request with a missing or forged token (403) and audits it', async () => {
    await createStaff(app, 'hoa', 'admin', null);
    const { cookie, csrf } = await loginHttp(app, 'hoa');
    const body = {
      username: 'moi',
      displayName: 'Mới',
      password: PASSWORD,
      role: 'agent',
      unitCode: 'ubnd-tinh',
    };
    const missing = await request(app.express)
      .post('/api/console/accounts')
      .set('cookie', cookie!)
      .send(body);
    expect(missing.status).toBe(403);
    const forged = await request(app.express)
      .post('/api/console/accounts')
      .set('cookie', cookie!)
      .set('x-csrf-token', `${csrf}x`)
      .send(body);
    expect(forged.status).toBe(403);
    await app.console.csrfRefusals.flush(true);
    const rows = (await auditRows(app)).filter((r) => r.action === 'csrf.rejected' && r.username === 'hoa');
    expect(rows.map((r) => [r.details?.count, r.details?.reasons])).toEqual([
      [2, { missing: 1, mismatch: 1 }],
    ]);
    const ok = await request(app.express)
      .post('/api/console/accounts')
      .set('cookie', cookie!)
      .set('x-csrf-token', csrf!)
      .send(body);
    expect(ok.status).toBe(201);
  });

  it('refuses a login without the pre-session token (login CSRF)', async () => {
    const res = await request(app.express)
      .post('/api/console/auth/login')
      .send({ username: 'hoa', password: PASSWORD });
    expect(res.status).toBe(403);
    const forged = await request(app.express)
      .post('/api/console/auth/login')
      .set('cookie', 'cchc_console_csrf=aaaa')
      .set('x-csrf-token', 'bbbb')
      .send({ username: 'hoa', password: PASSWORD });
    expect(forged.status).toBe(403);
    await app.console.csrfRefusals.flush(true);
    const rows = (await auditRows(app)).filter((r) => r.action === 'csrf.rejected' && r.staffId === null);
    expect(rows.reduce((n, r) => n + Number(r.details?.count), 0)).toBeGreaterThanOrEqual(2);
  });
});

describe('audit log', () => {
  it('cannot be updated, deleted or truncated', async () => {
    const refusal = (query: ReturnType<typeof sql>) =>
      app.database.db.execute(query).then(
        () => 'accepted',
        (e: Error & { cause?: Error }) => String(e.cause?.message ?? e.message),
      );
    expect(await refusal(sql`update audit_log set action = 'x'`)).toMatch(/append-only/);
    expect(await refusal(sql`delete from audit_log`)).toMatch(/append-only/);
    expect(await refusal(sql`truncate audit_log`)).toMatch(/append-only/);
    expect((await auditRows(app)).length).toBeGreaterThan(0);
  });
});
