import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createStaff, sessionFor } from '../console/helpers.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import type { PGlite } from '@electric-sql/pglite';
import { createTestDatabase } from '../helpers/db.ts';

/**
 * A storage fault on real PGlite: PostgreSQL itself raises `53100 could not extend file: No space left on device`
 * (the error a full disk gives) for every write to `staff` and every DDL (so the recovery probe fails too), until
 * the fault is lifted. Root ignores chmod, so this is how the test makes writes truly fail.
 */
let app: TestApp;
let admin: { cookie: string; csrf: string };
beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await loadReferenceData(app.database.db, 'content');
  admin = await sessionFor(app, (await createStaff(app, 'kho-admin', 'admin', 'ubnd-tinh')).id);
});
afterAll(() => app.close());

const run = (q: string) => app.database.db.execute(sql.raw(q));

async function breakStorage() {
  await run(`create function disk_full() returns trigger language plpgsql as $$ begin
    raise exception using errcode = '53100', message = 'could not extend file "base/5/16384": No space left on device';
    end $$`);
  await run(`create function disk_full_ddl() returns event_trigger language plpgsql as $$ begin
    raise exception using errcode = '53100', message = 'could not extend file: No space left on device';
    end $$`);
  await run(`create trigger disk_full before insert on staff for each row execute function disk_full()`);
  await run(`create event trigger disk_full_ddl on ddl_command_start execute function disk_full_ddl()`);
}

async function repairStorage() {
  await run(`drop event trigger disk_full_ddl`);
  await run(`drop trigger disk_full on staff`);
}

const newAccount = (username: string) =>
  request(app.express)
    .post('/api/console/accounts')
    .set('cookie', admin.cookie)
    .set('x-csrf-token', admin.csrf)
    .send({
      username,
      displayName: 'Cán bộ',
      password: 'mat-khau-rat-dai-1',
      role: 'editor',
      unitCode: 'ubnd-tinh',
    });

describe('storage faults', () => {
  it('a failed write makes /health 503 with the reason, requests fail fast, and the service recovers', async () => {
    expect((await request(app.express).get('/health')).status).toBe(200);
    await breakStorage();

    const failed = await newAccount('can.bo.a');
    expect(failed.status).toBe(503);
    expect(failed.body.error.message).toMatch(/lưu trữ/);

    const health = await request(app.express).get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'error', db: 'storage_fault' });
    expect(health.body.reason).toMatch(/No space left on device/);

    // Every other request is refused at once, before any route or query runs.
    for (const url of ['/api/console/me', '/api/areas/communes', '/api/miniapp/config']) {
      const started = Date.now();
      const res = await request(app.express).get(url).set('cookie', admin.cookie);
      expect(res.status, url).toBe(503);
      expect(res.body.error.message).toMatch(/lưu trữ/);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    const stored = await app.database.db.execute(
      sql`select count(*)::int as n from staff where username = 'can.bo.a'`,
    );
    expect((stored as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);

    await repairStorage();
    await new Promise((r) => setTimeout(r, 2_100)); // the probe runs at most every 2 s
    const healed = await request(app.express).get('/health');
    expect(healed.status).toBe(200);
    expect(healed.body.status).toBe('ok');
    expect((await newAccount('can.bo.b')).status).toBe(201);
    expect((await request(app.express).get('/api/console/me').set('cookie', admin.cookie)).status).toBe(200);
  });
});

describe('PGlite: a query stuck behind a transaction that never ends', () => {
  it('times out, makes /health 503 and requests fail fast, and recovers when the session frees', async () => {
    const database = await createTestDatabase({ engine: 'pglite', queryTimeoutMs: 500 });
    const jammed = await createTestApp({ database });
    try {
      expect((await request(jammed.express).get('/api/areas/communes')).status).toBe(200);
      // PGlite is one session: while this transaction waits, every other query of the process queues behind it.
      let free!: () => void;
      const held = new Promise<void>((resolve) => (free = resolve));
      const raw = database.raw as { kind: 'pglite'; client: PGlite };
      const jam = raw.client.transaction(async (tx) => {
        await tx.query('select 1');
        await held;
      });

      let started = Date.now();
      const first = await request(jammed.express).get('/api/areas/communes');
      expect(first.status).toBe(503);
      expect(first.body.error.message).toMatch(/lưu trữ/);
      expect(Date.now() - started).toBeLessThan(3_000);
      const health = await request(jammed.express).get('/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'error', db: 'storage_fault' });
      expect(health.body.reason).toMatch(/QUERY_TIMEOUT: database query timed out after 500 ms/);
      started = Date.now();
      expect((await request(jammed.express).get('/api/miniapp/config')).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(500); // refused before any query

      free();
      await jam;
      await new Promise((r) => setTimeout(r, 2_100)); // the probe runs at most every 2 s
      expect((await request(jammed.express).get('/health')).status).toBe(200);
      expect((await request(jammed.express).get('/api/areas/communes')).status).toBe(200);
    } finally {
      await jammed.close();
    }
  });
});
