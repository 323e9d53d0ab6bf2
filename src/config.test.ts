import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, trustProxySetting } from './config.ts';

describe(loadConfig.name, () => {
  it('gives working defaults for an empty development environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATA_DIR).toBe('./data');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.ZALO_API_BASE).toBe('https://openapi.zalo.me');
    expect(c.simulatorEnabled).toBe(false);
    expect(c.MINIAPP_DEV_LOGIN).toBe(false);
  });

  it('has one shared send rate; the old per-sender names are deprecated aliases', () => {
    expect(loadConfig({}).ZALO_SEND_RATE_PER_SECOND).toBe(50);
    expect(loadConfig({ ZALO_SEND_RATE_PER_SECOND: '20' }).ZALO_SEND_RATE_PER_SECOND).toBe(20);
    expect(loadConfig({ OUTBOX_RATE_PER_SECOND: '30' }).ZALO_SEND_RATE_PER_SECOND).toBe(30);
    expect(
      loadConfig({ OUTBOX_RATE_PER_SECOND: '30', BROADCAST_RATE_PER_SECOND: '40' }).ZALO_SEND_RATE_PER_SECOND,
    ).toBe(40);
    expect(
      loadConfig({ ZALO_SEND_RATE_PER_SECOND: '10', BROADCAST_RATE_PER_SECOND: '40' })
        .ZALO_SEND_RATE_PER_SECOND,
    ).toBe(10);
    expect(loadConfig({}).CS_WINDOW_DAYS).toBe(7);
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', ZALO_API_BASE: 'not a url' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'ZALO_API_BASE']));
  });

  it('never prints a secret value, even when the variable is invalid', () => {
    const secret = 'postgres-but-wrong-super-secret-password-123';
    try {
      loadConfig({ DATABASE_URL: secret, NODE_ENV: 'production', ZALO_OA_SECRET_KEY: '' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain(secret);
      expect((err as Error).message).toContain('DATABASE_URL');
      expect((err as Error).message).toContain('ZALO_OA_SECRET_KEY: is required in production');
    }
  });

  it('enables the simulator and the dev login only when asked, and refuses both in production', () => {
    expect(loadConfig({ SIMULATOR: '1' }).simulatorEnabled).toBe(true);
    expect(loadConfig({ MINIAPP_DEV_LOGIN: '1' }).MINIAPP_DEV_LOGIN).toBe(true);
    const prod = { NODE_ENV: 'production', ZALO_APP_ID: 'a', ZALO_OA_SECRET_KEY: 'b', SESSION_SECRET: 'c' };
    expect(loadConfig(prod).simulatorEnabled).toBe(false);
    expect(() => loadConfig({ ...prod, SIMULATOR: '1' })).toThrow(/SIMULATOR: is refused in production/);
    expect(() => loadConfig({ ...prod, MINIAPP_DEV_LOGIN: '1' })).toThrow(/MINIAPP_DEV_LOGIN/);
    expect(() => loadConfig({ SIMULATOR: 'maybe' })).toThrow(/SIMULATOR/);
  });

  it('takes TRUST_PROXY as a hop count or addresses, never "true"', () => {
    expect(trustProxySetting('1')).toBe(1);
    expect(trustProxySetting('10.0.0.5, 10.0.1.0/24,loopback')).toEqual([
      '10.0.0.5',
      '10.0.1.0/24',
      'loopback',
    ]);
    expect(trustProxySetting('::1')).toEqual(['::1']);
    for (const bad of ['true', 'yes', '10.0.0.0/33', 'proxy.local', '', '1,2'])
      expect(trustProxySetting(bad), bad).toBeUndefined();
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });
});
