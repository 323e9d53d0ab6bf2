import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import nock from 'nock';
import { createTestApp, type TestApp } from '../helpers/app.ts';

const GRAPH = 'http://zalo-graph.test';
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  nock.enableNetConnect();
  await app.close();
});

describe('mini-app identity', () => {
  it('verifies the Zalo access token at /v2.0/me and issues a session tied to that user id', async () => {
    const scope = nock(GRAPH, { reqheaders: { access_token: 'user-token-1' } })
      .get('/v2.0/me')
      .query(true)
      .reply(200, { id: '5432109876', name: 'Lê Thị Hoa', error: 0 });
    const res = await request(app.express)
      .post('/api/miniapp/session')
      .send({ accessToken: 'user-token-1' })
      .expect(200);
    scope.done();
    expect(res.body.user).toEqual({ zaloUserId: '5432109876', name: 'Lê Thị Hoa', kind: 'zalo' });
    expect(res.headers['set-cookie']?.[0]).toMatch(/miniapp_session=.*HttpOnly/);
    const me = await request(app.express)
      .get('/api/miniapp/me')
      .set('authorization', `Bearer ${res.body.token}`)
      .expect(200);
    expect(me.body.user.zaloUserId).toBe('5432109876');
    const viaCookie = await request(app.express)
      .get('/api/miniapp/me')
      .set('cookie', res.headers['set-cookie']![0]!.split(';')[0]!)
      .expect(200);
    expect(viaCookie.body.user.zaloUserId).toBe('5432109876');
    expect(app.logs.text).not.toContain('user-token-1');
  });

  it('refuses a token Zalo does not accept, and says so when Zalo is unreachable', async () => {
    nock(GRAPH).get('/v2.0/me').query(true).reply(200, { error: -501, message: 'Access token is invalid' });
    const bad = await request(app.express)
      .post('/api/miniapp/session')
      .send({ accessToken: 'forged' })
      .expect(401);
    expect(bad.body.error.message).toMatch(/Zalo không xác nhận/);
    nock(GRAPH).get('/v2.0/me').query(true).replyWithError('ECONNREFUSED');
    await request(app.express).post('/api/miniapp/session').send({ accessToken: 'x' }).expect(503);
    await request(app.express).post('/api/miniapp/session').send({}).expect(400);
  });

  it('refuses tampered, expired and foreign sessions', async () => {
    const { body } = await request(app.express)
      .post('/api/miniapp/dev-login')
      .send({ name: 'Thử' })
      .expect(200);
    const [payload, mac] = body.token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ zaloUserId: 'someone-else', name: 'x', kind: 'zalo', exp: Date.now() * 2 }),
    ).toString('base64url');
    const refused = await request(app.express)
      .get('/api/miniapp/me')
      .set('authorization', `Bearer ${forged}.${mac}`)
      .expect(401);
    expect(refused.body.error.message).toBeTruthy();
    await request(app.express)
      .get('/api/miniapp/me')
      .set('authorization', `Bearer ${payload}.${mac}x`)
      .expect(401);
    app.clock.advance(13 * 3_600_000);
    await request(app.express)
      .get('/api/miniapp/me')
      .set('authorization', `Bearer ${body.token}`)
      .expect(401);
  });

  it('exchanges the getPhoneNumber token at /v2.0/me/info with the app secret, server side', async () => {
    const { body } = await request(app.express)
      .post('/api/miniapp/dev-login')
      .send({ name: 'Có Điện Thoại' })
      .expect(200);
    const scope = nock(GRAPH, {
      reqheaders: { access_token: 'user-token', code: 'phone-code', secret_key: 'test-app-secret' },
    })
      .get('/v2.0/me/info')
      .reply(200, { data: { number: '84987654321' }, error: 0, message: 'Success' });
    const res = await request(app.express)
      .post('/api/miniapp/phone')
      .set('authorization', `Bearer ${body.token}`)
      .send({ token: 'phone-code', accessToken: 'user-token' })
      .expect(200);
    scope.done();
    expect(res.body).toEqual({ phone: '0987654321' });
    expect(app.logs.text).not.toContain('987654321');
    nock(GRAPH).get('/v2.0/me/info').reply(200, { error: -2001, message: 'code expired' });
    await request(app.express)
      .post('/api/miniapp/phone')
      .set('authorization', `Bearer ${body.token}`)
      .send({ token: 'old', accessToken: 'user-token' })
      .expect(400);
    await request(app.express).post('/api/miniapp/phone').send({ token: 'x', accessToken: 'y' }).expect(401);
  });
});

describe('dev login', () => {
  it('is refused in production', async () => {
    const prod = await createTestApp({
      config: {
        NODE_ENV: 'production',
        ZALO_APP_ID: 'a',
        ZALO_OA_SECRET_KEY: 'b',
        SESSION_SECRET: 'c'.repeat(40),
      },
    });
    try {
      const res = await request(prod.express).post('/api/miniapp/dev-login').send({ name: 'x' }).expect(404);
      expect(res.body.token).toBeUndefined();
    } finally {
      await prod.close();
    }
  });
});

describe('CORS for the deployed mini-app', () => {
  it('answers only the configured origins', async () => {
    const withOrigins = await createTestApp({
      config: { MINIAPP_ALLOWED_ORIGINS: 'https://h5.example.test' },
    });
    try {
      const pre = await request(withOrigins.express)
        .options('/api/miniapp/session')
        .set('origin', 'https://h5.example.test')
        .set('access-control-request-method', 'POST')
        .expect(204);
      expect(pre.headers['access-control-allow-origin']).toBe('https://h5.example.test');
      const other = await request(withOrigins.express)
        .get('/api/miniapp/config')
        .set('origin', 'https://evil.test');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await withOrigins.close();
    }
  });
});
