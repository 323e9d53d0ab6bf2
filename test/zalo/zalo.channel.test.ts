import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/logger.ts';
import { startFakeZalo, type FakeZalo } from '../../src/zalo/fake-zalo-server.ts';
import { createZaloClient } from '../../src/zalo/zalo.client.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { testConfig } from '../helpers/app.ts';

let database: Database;
let fake: FakeZalo;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeZalo({ appId: 'test-app-id', appSecret: 'test-app-secret', followers: 3 });
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

describe('Zalo channel against the fake Zalo server', () => {
  it('seeds, sends, survives a rejected access token by rotating the pair, and keeps sending', async () => {
    const seed = fake.currentTokens();
    const config = testConfig({
      ZALO_API_BASE: fake.url,
      ZALO_OAUTH_BASE: fake.url,
      ZALO_ACCESS_TOKEN: seed.accessToken,
      ZALO_REFRESH_TOKEN: seed.refreshToken,
    });
    const clock = new FakeClock();
    const zalo = createZaloClient({ config, db: database.db, logger: createLogger('silent'), clock });
    await zalo.client.send('cs', 'fake-user-000001', { type: 'text', text: 'Một' });

    fake.expireAccessTokens(); // Zalo now answers -216 to the seeded token
    await zalo.client.send('cs', 'fake-user-000002', { type: 'text', text: 'Hai' });
    expect(fake.stats.refreshes).toBe(1);

    // A second instance (same database) uses the rotated pair without refreshing again.
    const other = createZaloClient({ config, db: database.db, logger: createLogger('silent'), clock });
    await other.client.send('cs', 'fake-user-000003', { type: 'text', text: 'Ba' });
    expect(fake.stats.refreshes).toBe(1);
    expect(fake.sent.map((s) => s.message.text)).toEqual(['Một', 'Hai', 'Ba']);
    expect(await zalo.healthCheck()).toEqual({ name: 'zalo', ok: true, state: 'ok' });

    // The refresh token handed out by the fake is the one stored: the next rotation works.
    clock.advance(25 * 3600_000);
    await zalo.client.send('cs', 'fake-user-000001', { type: 'text', text: 'Bốn' });
    expect(fake.stats.refreshes).toBe(2);
    expect(fake.stats.refreshesRejected).toBe(0);
  });
});
