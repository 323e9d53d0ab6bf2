import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { loadReferenceData } from '../src/areas/areas.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { BODY_LIMIT: '2kb', METRICS_TOKEN: 'metrics-token-for-tests-0001' } });
  await loadReferenceData(t.database.db, 'content');
});
afterAll(() => t.close());

describe('HTTP foundation', () => {
  it('reports health with the database up', async () => {
    const res = await request(t.express).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'ok' });
  });

  it('serves prometheus metrics only with the bearer token', async () => {
    await request(t.express).get('/health');
    expect((await request(t.express).get('/metrics')).status).toBe(404);
    expect((await request(t.express).get('/metrics').set('authorization', 'Bearer wrong-token')).status).toBe(
      404,
    );
    const res = await request(t.express)
      .get('/metrics')
      .set('authorization', `Bearer ${t.config.METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });

  it('answers an unknown route with 404 JSON', async () => {
    const res = await request(t.express).get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('answers malformed JSON with a 400 in Vietnamese, no stack trace', async () => {
    const res = await request(t.express)
      .post('/api/areas/communes')
      .set('content-type', 'application/json')
      .send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/JSON/);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|SyntaxError/);
  });

  it('refuses an oversized body with 413', async () => {
    const res = await request(t.express)
      .post('/api/areas/communes')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(5000) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await request(t.express)
      .post('/api/areas/communes')
      .set('content-type', 'text/plain')
      .send('hello');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('lists communes and units from the reference data', async () => {
    const communes = await request(t.express).get('/api/areas/communes');
    expect(communes.status).toBe(200);
    expect(communes.body.communes.length).toBeGreaterThan(5);
    expect(communes.body.communes[0]).toHaveProperty('name');
    const units = await request(t.express).get('/api/areas/units');
    expect(units.body.units.map((u: { code: string }) => u.code)).toContain('so-noi-vu');
  });

  it('sets security headers and a request id', async () => {
    const res = await request(t.express).get('/health').set('x-request-id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('limits API requests per client with a 429 in Vietnamese and the limit in the headers', async () => {
    const limited = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await request(limited.express).get('/api/areas/units')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const res = await request(limited.express).get('/api/areas/units').expect(429);
      expect(res.body.error.message).toMatch(/quá nhanh/);
      expect(res.headers.ratelimit).toMatch(/limit=3, remaining=0/);
      // Probes and Zalo's webhook are not counted against people.
      await request(limited.express).get('/health').expect(200);
    } finally {
      await limited.close();
    }
  });

  it('reports 503 when the database is closed', async () => {
    const other = await createTestApp();
    await other.database.close();
    const res = await request(other.express).get('/health');
    expect(res.status).toBe(503);
    // A closed database is a storage fault like a full disk: 503 with the reason (issue 19).
    expect(res.body).toMatchObject({ status: 'error', db: 'storage_fault' });
    expect(String(res.body.reason)).toMatch(/closed/);
  });
});
