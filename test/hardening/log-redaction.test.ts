import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { CapturedLogs, createTestApp, personalDataInLog, type TestApp } from '../helpers/app.ts';
import { createStaff, sessionFor } from '../console/helpers.ts';
import { createLogger, serializeError } from '../../src/logger.ts';
import { hashPassword } from '../../src/console/password.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';

/**
 * Failed queries carry their parameters (drizzle writes them into the message, PostgreSQL into `detail`): a
 * failing write with a phone number and a password hash must reach the log without either.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await loadReferenceData(app.database.db, 'content');
});
afterAll(() => app.close()); // fails if anything in this file reached the log with a phone or a hash

const PHONE = '0912345678';

describe('query errors in the log', () => {
  it('a failing INSERT with a phone number and an argon2 hash is logged without them (HTTP → error handler)', async () => {
    const admin = await sessionFor(app, (await createStaff(app, 'log-admin', 'admin', 'ubnd-tinh')).id);
    // The storage refuses the write (as a full disk would): the query fails with its parameters attached.
    await app.database.db.execute(
      sql.raw(`create function refuse_staff() returns trigger language plpgsql as $$
        begin raise exception 'storage refused the write'; end $$`),
    );
    await app.database.db.execute(
      sql.raw(
        `create trigger refuse_staff before insert on staff for each row execute function refuse_staff()`,
      ),
    );
    const res = await request(app.express)
      .post('/api/console/accounts')
      .set('cookie', admin.cookie)
      .set('x-csrf-token', admin.csrf)
      .send({
        username: 'can.bo.moi',
        displayName: `Cán bộ ${PHONE}`,
        password: 'mat-khau-rat-dai-1',
        role: 'editor',
        unitCode: 'ubnd-tinh',
      });
    expect(res.status).toBe(500);
    const failed = app.logs.lines.find((l) => l.msg === 'request failed');
    expect(failed, 'the error handler logged the failure').toBeDefined();
    const text = JSON.stringify(failed);
    expect(text).toContain('storage refused the write'); // the reason stays
    expect(text).toContain('insert into \\"staff\\"'); // the SQL stays (JSON-escaped)
    expect(text).not.toContain(PHONE);
    expect(text).not.toMatch(/\$argon2/);
    expect(app.logs.text).not.toContain(PHONE);
    for (const re of personalDataInLog) expect(app.logs.text).not.toMatch(re);
  });

  it('a unique violation whose detail names the value is logged with the value cut', async () => {
    await app.database.db.execute(sql`create table phones_probe (phone text unique)`);
    await app.database.db.execute(sql`insert into phones_probe values (${PHONE})`);
    const err = await app.database.db
      .execute(sql`insert into phones_probe values (${PHONE})`)
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(JSON.stringify(err, Object.getOwnPropertyNames(err)) + String(err)).toContain(PHONE); // it is there…
    const logs = new CapturedLogs();
    createLogger('info', logs).error({ err }, 'query failed');
    expect(logs.text).toContain('query failed');
    expect(logs.text).not.toContain(PHONE); // …and not in the log
    expect(logs.leaks).toEqual([]);
  });

  it('serializeError keeps type, message head and cause while dropping params and masking hashes', async () => {
    const hash = await hashPassword('mat-khau-rat-dai-1');
    const cause = Object.assign(new Error(`bad value ${hash}`), {
      params: [PHONE],
      detail: `Key (phone)=(${PHONE})`,
    });
    const err = Object.assign(
      new Error(`Failed query: insert into x values ($1)\nparams: ${PHONE},${hash}`),
      {
        query: 'insert into x values ($1)',
        params: [PHONE, hash],
        cause,
      },
    );
    const out = JSON.stringify(serializeError(err));
    expect(out).toContain('Failed query: insert into x values ($1)');
    expect(out).toContain('bad value [redacted-hash]');
    expect(out).not.toContain(PHONE);
    expect(out).not.toContain(hash);
  });
});
