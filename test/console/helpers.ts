import request from 'supertest';
import type { TestApp } from '../helpers/app.ts';
import { createAccount } from '../../src/console/accounts.service.ts';
import { createSession } from '../../src/console/session.service.ts';
import type { ConsoleDeps } from '../../src/console/console.deps.ts';
import type { Role } from '../../src/console/policy.ts';
import { createLogger } from '../../src/logger.ts';
import { auditLog } from '../../src/console/console.schema.ts';

export const PASSWORD = 'mat-khau-thu-nghiem-1';

export function consoleDeps(app: TestApp): ConsoleDeps {
  return { db: app.database.db, clock: app.clock, logger: createLogger('silent'), config: app.config };
}

export async function createStaff(
  app: TestApp,
  username: string,
  role: Role,
  unitCode: string | null = 'ubnd-tinh',
) {
  return createAccount(
    consoleDeps(app),
    { username, displayName: `Cán bộ ${username}`, password: PASSWORD, role, unitCode },
    null,
    null,
  );
}

/** A signed-in session made directly (no argon2 cost): cookie header and CSRF token. */
export async function sessionFor(app: TestApp, staffId: string) {
  const s = await createSession(consoleDeps(app), staffId);
  return { cookie: `cchc_console=${s.token}`, csrf: s.csrfToken };
}

/** Signs in through the HTTP API like the console does: CSRF bootstrap, then login. */
export async function loginHttp(app: TestApp, username: string, password = PASSWORD) {
  const pre = await request(app.express).get('/api/console/auth/csrf');
  const preCookie = (pre.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
  const res = await request(app.express)
    .post('/api/console/auth/login')
    .set('cookie', preCookie)
    .set('x-csrf-token', pre.body.csrfToken)
    .send({ username, password });
  const setCookie = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  const session = setCookie.find((c) => c.startsWith('cchc_console='));
  return {
    res,
    cookie: session?.split(';')[0],
    csrf: res.body.csrfToken as string | undefined,
    setCookie: session,
  };
}

export async function auditRows(app: TestApp) {
  return app.database.db.select().from(auditLog).orderBy(auditLog.id);
}
