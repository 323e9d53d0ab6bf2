import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createStaff, sessionFor } from '../console/helpers.ts';
import { signWebhook } from '../../src/zalo/webhook-signature.ts';

/** The inputs the probe of issue 19 answered with a 500, each now a 4xx with a Vietnamese message. */
let app: TestApp;
let admin: { cookie: string; csrf: string };
beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await app.loadContent();
  admin = await sessionFor(app, (await createStaff(app, 'input-admin', 'admin', 'ubnd-tinh')).id);
});
afterAll(() => app.close());

const vietnamese = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

describe('issue 19 probe cases', () => {
  it.each([
    '/r/%C0%AE%C0%AE%2F',
    '/admin/%C0%AE%C0%AE/',
    '/miniapp/%ED%A0%80',
    '/api/console/broadcasts/items/3000000000',
    '/api/console/broadcasts/3000000000/export',
    '/api/console/surveys?period=0000-q1',
    '/api/console/surveys/citizen-cchc-2025/report?from=2025-02-30&to=2025-03-01',
    '/api/console/surveys/citizen-cchc-2025/report?from=0001-01-01&to=0001-03-01',
    '/api/console/audit?from=2025-02-30',
    '/api/console/followers/%00',
    '/api/console/followers?q=a%00b',
  ])('GET %s → 400 with a Vietnamese message', async (url) => {
    const res = await request(app.express).get(url).set('cookie', admin.cookie);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(vietnamese);
  });

  it('refuses a NUL, a lone surrogate and deep nesting in a console body (400), and stores nothing', async () => {
    const post = (body: string) =>
      request(app.express)
        .post('/api/console/broadcasts/items')
        .set('cookie', admin.cookie)
        .set('x-csrf-token', admin.csrf)
        .set('content-type', 'application/json')
        .send(body);
    for (const body of [
      '{"title":"a\\u0000b","textVi":"x"}',
      '{"title":"\\ud800","textVi":"x"}',
      `{"title":"t","textVi":"x","deep":${'['.repeat(3000)}${']'.repeat(3000)}}`,
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(vietnamese);
    }
    const list = await request(app.express).get('/api/console/broadcasts/items').set('cookie', admin.cookie);
    expect(list.body.items).toEqual([]);
  });

  it('a signed webhook nested 3,000 levels deep is a 400, not a stack overflow', async () => {
    const keys = { appId: app.config.ZALO_APP_ID!, oaSecretKey: app.config.ZALO_OA_SECRET_KEY! };
    const timestamp = String(app.clock.now().getTime());
    const raw = `{"app_id":"${keys.appId}","event_name":"user_send_text","sender":{"id":"1"},"recipient":{"id":"2"},"message":{"text":"a\\u0000\\ud800","msg_id":"m1"},"timestamp":"${timestamp}","x":${'['.repeat(3000)}${']'.repeat(3000)}}`;
    const res = await request(app.express)
      .post('/webhooks/zalo')
      .set('x-zevent-signature', signWebhook(keys, raw, timestamp))
      .send(raw);
    expect(res.status).toBe(400);
  });

  it('a signed webhook whose text carries NUL and a lone surrogate is stored, cleaned', async () => {
    const keys = { appId: app.config.ZALO_APP_ID!, oaSecretKey: app.config.ZALO_OA_SECRET_KEY! };
    const timestamp = String(app.clock.now().getTime());
    const raw = `{"app_id":"${keys.appId}","event_name":"user_send_text","sender":{"id":"1"},"recipient":{"id":"2"},"message":{"text":"a\\u0000b\\ud800","msg_id":"m-clean"},"timestamp":"${timestamp}"}`;
    const res = await request(app.express)
      .post('/webhooks/zalo')
      .set('x-zevent-signature', signWebhook(keys, raw, timestamp))
      .send(raw);
    expect(res.status).toBe(200);
  });
});
