import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { outboxMessages } from '../../src/chat/chat.schema.ts';
import { enqueueReplies, OUTCOME_UNKNOWN } from '../../src/chat/outbox.service.ts';
import { createStaff, sessionFor } from './helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await loadReferenceData(app.database.db, './content');
});
afterAll(async () => {
  await app.close();
});

describe('GET /api/console/outbox/status', () => {
  it('shows replies whose outcome is unknown after a crash: counts to agents, rows to province-wide staff', async () => {
    await enqueueReplies(
      app.database.db,
      ['a', 'b', 'c'].map((k) => ({
        idempotencyKey: `status:${k}`,
        followerId: null,
        zaloUserId: `u-status-${k}`,
        kind: 'cs' as const,
        message: { type: 'text' as const, text: `Trả lời ${k}` },
      })),
      app.clock.now(),
    );
    await app.database.db
      .update(outboxMessages)
      .set({ status: 'unknown', lastError: OUTCOME_UNKNOWN })
      .where(eq(outboxMessages.idempotencyKey, 'status:a'));
    const admin = await sessionFor(app, (await createStaff(app, 'qt-ob', 'admin', null)).id);
    const res = await request(app.express).get('/api/console/outbox/status').set('cookie', admin.cookie);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ unknown: 1, pending: 2, failed: 0 });
    expect(res.body.items).toEqual([expect.objectContaining({ status: 'unknown', preview: 'Trả lời a' })]);
    const commune = await sessionFor(app, (await createStaff(app, 'cb-ob', 'agent', 'ubnd-vinh-chau-p1')).id);
    const scoped = await request(app.express).get('/api/console/outbox/status').set('cookie', commune.cookie);
    expect(scoped.body).toMatchObject({ unknown: 1, items: [] });
    const editor = await sessionFor(app, (await createStaff(app, 'bt-ob', 'editor', 'so-noi-vu')).id);
    expect(
      (await request(app.express).get('/api/console/outbox/status').set('cookie', editor.cookie)).status,
    ).toBe(403);
    expect((await request(app.express).get('/api/console/outbox/status')).status).toBe(401);
  });
});
