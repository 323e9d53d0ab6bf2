import express, { Router } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@cchc/contract';
import { checkContract, droppedKeys } from '../helpers/contract-check.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { discoverRoutes } from '../helpers/routes.ts';

describe('the shared API contract', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('names only routes the server really serves', () => {
    const served = new Set(discoverRoutes(app.express).map((r) => `${r.method} ${r.path}`));
    const missing = Object.keys(routes).filter((key) => !served.has(key));
    expect(missing).toEqual([]);
  });

  it('passes a real answer that matches, and an error envelope', async () => {
    await request(app.express).get('/api/miniapp/config').expect(200);
    await request(app.express).get('/api/miniapp/quiz/campaigns').expect(401);
    expect(app.contractViolations).toEqual([]);
  });
});

describe(checkContract.name, () => {
  /** A stand-in server mounting a contract route the way the real one does (router under a prefix). */
  function serverAnswering(body: unknown, status = 200) {
    const outer = express();
    const violations = checkContract(outer);
    const router = Router();
    router.get('/config', (_req, res) => {
      res.status(status).json(body);
    });
    outer.use('/api/miniapp', router);
    return { outer, violations };
  }

  it('records a success answer that breaks its schema, naming the route', async () => {
    const { outer, violations } = serverAnswering({ oaId: 42, miniappId: null });
    await request(outer).get('/api/miniapp/config').expect(200);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ route: 'GET /api/miniapp/config', status: 200 });
    expect(violations[0]!.problem).toContain('oaId');
  });

  it('records a success answer carrying a field the schema does not name (zod would drop it silently)', async () => {
    const { outer, violations } = serverAnswering({ oaId: 'oa', miniappId: null, secret: { nested: 1 } });
    await request(outer).get('/api/miniapp/config').expect(200);
    expect(violations).toHaveLength(1);
    expect(violations[0]!.problem).toContain('$.secret');
  });

  it('names dropped keys inside arrays and nested objects, not kept ones', () => {
    expect(droppedKeys({ a: [{ x: 1, y: 2 }], b: { c: 1 } }, { a: [{ x: 1 }], b: { c: 1 } })).toEqual([
      '$.a[0].y',
    ]);
    expect(droppedKeys({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('records an error answer that is not the envelope', async () => {
    const { outer, violations } = serverAnswering({ error: { code: 'oops', message: '' } }, 400);
    await request(outer).get('/api/miniapp/config').expect(400);
    expect(violations.map((v) => v.status)).toEqual([400]);
  });
});
