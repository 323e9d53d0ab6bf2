import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { auditRows, createStaff, loginHttp, PASSWORD, sessionFor } from './helpers.ts';

let app: TestApp;
let admin: { cookie: string; csrf: string };
let adminId: string;

beforeAll(async () => {
  app = await createTestApp({
    config: { RATE_LIMIT_PER_MINUTE: '100000', CONSOLE_LOGIN_RATE_PER_MINUTE: '1000' },
  });
  await loadReferenceData(app.database.db, 'content');
  adminId = (await createStaff(app, 'quantri', 'admin', null)).id;
  admin = await sessionFor(app, adminId);
});
afterAll(() => app.close());

const post = (url: string, body: object, auth = admin) =>
  request(app.express).post(url).set('cookie', auth.cookie).set('x-csrf-token', auth.csrf).send(body);
const patch = (url: string, body: object, auth = admin) =>
  request(app.express).patch(url).set('cookie', auth.cookie).set('x-csrf-token', auth.csrf).send(body);

describe('accounts (admin)', () => {
  it('creates an account, refuses a duplicate username and bad input in Vietnamese, never returns the hash', async () => {
    const created = await post('/api/console/accounts', {
      username: 'Tuan.Nv',
      displayName: 'Nguyễn Văn Tuấn',
      password: PASSWORD,
      role: 'editor',
      unitCode: 'ubnd-phuong-vinh-chau',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'tuan.nv',
      role: 'editor',
      unitCode: 'ubnd-phuong-vinh-chau',
      active: true,
    });
    expect(JSON.stringify(created.body)).not.toContain('argon2');
    const dup = await post('/api/console/accounts', {
      username: 'tuan.nv',
      displayName: 'X',
      password: PASSWORD,
      role: 'agent',
      unitCode: 'ubnd-tinh',
    });
    expect(dup.status).toBe(409);
    const bad = await post('/api/console/accounts', {
      username: 'a',
      displayName: '',
      password: 'ngan',
      role: 'boss',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'displayName',
      'password',
      'role',
      'username',
    ]);
    const noUnit = await post('/api/console/accounts', {
      username: 'khongdonvi',
      displayName: 'X',
      password: PASSWORD,
      role: 'editor',
      unitCode: 'khong-co',
    });
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.error.message).toBe('Đơn vị không có trong danh mục.');
    const list = await request(app.express).get('/api/console/accounts').set('cookie', admin.cookie);
    expect(list.body.items.map((a: { username: string }) => a.username)).toEqual(['quantri', 'tuan.nv']);
  });

  it('audits role changes, disabling and password resets; disabling ends the sessions', async () => {
    const { id } = (await createStaff(app, 'thu', 'agent')).valueOf() as { id: string };
    const { cookie } = await loginHttp(app, 'thu');
    expect((await patch(`/api/console/accounts/${id}`, { role: 'editor' })).status).toBe(200);
    expect((await request(app.express).get('/api/console/me').set('cookie', cookie!)).status).toBe(401);
    const again = await loginHttp(app, 'thu');
    expect((await patch(`/api/console/accounts/${id}`, { active: false })).body.active).toBe(false);
    expect((await request(app.express).get('/api/console/me').set('cookie', again.cookie!)).status).toBe(401);
    expect((await loginHttp(app, 'thu')).res.status).toBe(401);
    expect(
      (await patch(`/api/console/accounts/${id}`, { active: true, password: 'mat-khau-moi-12345' })).status,
    ).toBe(200);
    expect((await loginHttp(app, 'thu', 'mat-khau-moi-12345')).res.status).toBe(200);
    const actions = (await auditRows(app))
      .filter((r) => r.targetId === id)
      .map((r) => [r.action, r.username]);
    expect(actions).toEqual([
      ['account.create', null],
      ['account.role_change', 'quantri'],
      ['account.disable', 'quantri'],
      ['account.enable', 'quantri'],
      ['account.password_reset', 'quantri'],
    ]);
    const roleChange = (await auditRows(app)).find(
      (r) => r.action === 'account.role_change' && r.targetId === id,
    );
    expect(roleChange?.details).toEqual({ from: 'agent', to: 'editor' });
    expect(JSON.stringify(await auditRows(app))).not.toContain('mat-khau-moi');
  });

  it('never loses the last active admin, and answers 400 (not 500) to a malformed id', async () => {
    const res = await patch(`/api/console/accounts/${adminId}`, { role: 'editor', unitCode: 'ubnd-tinh' });
    expect(res.status).toBe(409);
    expect((await patch('/api/console/accounts/not-a-uuid', { active: false })).status).toBe(400);
    expect(
      (await patch('/api/console/accounts/00000000-0000-4000-8000-000000000000', { active: false })).status,
    ).toBe(404);
  });

  it('lists and exports the audit log as CSV, and records the export', async () => {
    const page = await request(app.express)
      .get('/api/console/audit?action=account.create&pageSize=1')
      .set('cookie', admin.cookie);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(2);
    const csv = await request(app.express).get('/api/console/audit/export.csv').set('cookie', admin.cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('thoi_gian,tai_khoan,hanh_dong');
    expect(csv.text).toContain('account.role_change');
    const rows = await auditRows(app);
    expect(rows.at(-1)).toMatchObject({ action: 'audit.export', username: 'quantri' });
    const bad = await request(app.express).get('/api/console/audit?from=hom-qua').set('cookie', admin.cookie);
    expect(bad.status).toBe(400);
  });

  it('records settings changes (OA re-authorisation) without the token', async () => {
    const stored: string[] = [];
    app.console.integrations.oa = {
      state: async () => ({ status: 'needs_reauth', expiresAt: null, detail: null }),
      reauthorise: async (t) => void stored.push(t),
    };
    const settings = await request(app.express).get('/api/console/settings').set('cookie', admin.cookie);
    expect(settings.body.oa).toMatchObject({ status: 'needs_reauth', canReauthorise: true });
    expect(settings.body.reauthorisationSteps.length).toBeGreaterThan(0);
    const token = 'refresh-token-abcdefghijklmnopqrstuvwxyz';
    expect((await post('/api/console/settings/oa/reauthorise', { refreshToken: token })).status).toBe(204);
    expect(stored).toEqual([token]);
    const rows = await auditRows(app);
    expect(rows.at(-1)).toMatchObject({ action: 'settings.change', targetId: 'zalo.refresh_token' });
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});
