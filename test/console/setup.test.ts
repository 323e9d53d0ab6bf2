import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { issueSetupCode, SETUP_CODE_TTL_MS } from '../../src/console/setup.service.ts';
import { consoleSetupCodes } from '../../src/console/console.schema.ts';
import { auditRows, loginHttp } from './helpers.ts';

const admin = { username: 'quantri', displayName: 'Quản trị viên', password: 'mat-khau-quan-tri-2026' };

describe('first administrator setup', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('is offered while no administrator exists, works once with the printed code, then answers 409', async () => {
    expect((await request(app.express).get('/api/console/setup')).body).toEqual({ needed: true });
    const code = await issueSetupCode({ db: app.database.db, clock: app.clock });
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const wrong = await request(app.express)
      .post('/api/console/setup')
      .send({ ...admin, code: 'AAAA-AAAA' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.message).toContain('Mã thiết lập không đúng');

    const weak = await request(app.express)
      .post('/api/console/setup')
      .send({ ...admin, code, password: 'ngan' });
    expect(weak.status).toBe(400);

    // Typed in lower case without the dash, as people do.
    const ok = await request(app.express)
      .post('/api/console/setup')
      .send({ ...admin, code: code!.toLowerCase().replace('-', '') });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.account).toMatchObject({ username: 'quantri', role: 'admin', active: true });
    expect(JSON.stringify(ok.body)).not.toContain('argon2');

    const again = await request(app.express)
      .post('/api/console/setup')
      .send({ ...admin, username: 'khac', code });
    expect(again.status).toBe(409);
    expect((await request(app.express).get('/api/console/setup')).body).toEqual({ needed: false });
    expect(await app.database.db.select().from(consoleSetupCodes)).toEqual([]);

    const login = await loginHttp(app, admin.username, admin.password);
    expect(login.res.status).toBe(200);
    expect((await auditRows(app)).map((r) => r.action)).toContain('account.create');
    // A restart with an administrator in place prints no code.
    expect(await issueSetupCode({ db: app.database.db, clock: app.clock })).toBeNull();
  });

  it('refuses an expired code', async () => {
    const fresh = await createTestApp();
    try {
      const code = await issueSetupCode({ db: fresh.database.db, clock: fresh.clock });
      fresh.clock.advance(SETUP_CODE_TTL_MS + 1);
      const res = await request(fresh.express)
        .post('/api/console/setup')
        .send({ ...admin, code });
      expect(res.status).toBe(403);
      expect((await request(fresh.express).get('/api/console/setup')).body).toEqual({ needed: true });
    } finally {
      await fresh.close();
    }
  });

  it('creates exactly one administrator when two requests race with valid codes', async () => {
    const fresh = await createTestApp();
    try {
      const a = await issueSetupCode({ db: fresh.database.db, clock: fresh.clock });
      const b = await issueSetupCode({ db: fresh.database.db, clock: fresh.clock });
      const [r1, r2] = await Promise.all([
        request(fresh.express)
          .post('/api/console/setup')
          .send({ ...admin, code: a }),
        request(fresh.express)
          .post('/api/console/setup')
          .send({ ...admin, username: 'quantri2', code: b }),
      ]);
      expect([r1.status, r2.status].sort()).toEqual([201, 409]);
    } finally {
      await fresh.close();
    }
  });
});

describe('the setup code on the start-up log', () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'is printed on one JSON line with a setupCode field, and that code creates the administrator',
    { timeout: 120_000 },
    async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'cchc-setup-'));
      const port = 30_000 + Math.floor(Math.random() * 20_000);
      child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', JOBS: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const code = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no setup code:\n${out}`)), 90_000);
        child!.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const listening = /listening on/.test(out);
          const line = out.split('\n').find((l) => l.includes('"setupCode"'));
          if (line && listening) {
            clearTimeout(timer);
            resolve((JSON.parse(line) as { setupCode: string }).setupCode);
          }
        });
        child!.on('exit', (c) => reject(new Error(`exited with ${c}:\n${out}`)));
      });
      const base = `http://127.0.0.1:${port}/api/console/setup`;
      expect(await (await fetch(base)).json()).toEqual({ needed: true });
      const post = (body: object) =>
        fetch(base, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await post({ ...admin, code })).status).toBe(201);
      expect((await post({ ...admin, code })).status).toBe(409);
    },
  );
});
