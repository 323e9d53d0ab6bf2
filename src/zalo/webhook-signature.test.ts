import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeWebhookMac, signWebhook, verifyWebhookSignature } from './webhook-signature.ts';

const keysArb = fc.record({ appId: fc.string({ minLength: 1 }), oaSecretKey: fc.string({ minLength: 1 }) });
const tsArb = fc.bigInt({ min: 1_000_000_000_000n, max: 9_999_999_999_999n }).map(String);

describe('webhook signature', () => {
  it('is the plain SHA-256 of appId + body + timestamp + key', () => {
    const keys = { appId: 'app', oaSecretKey: 'key' };
    const expected = createHash('sha256').update('app{"a":1}1700000000000key').digest('hex');
    expect(computeWebhookMac(keys, '{"a":1}', '1700000000000')).toBe(expected);
  });

  it('accepts a valid signature, with or without the mac= prefix', () => {
    fc.assert(
      fc.property(keysArb, fc.string(), tsArb, (keys, body, ts) => {
        const header = signWebhook(keys, body, ts);
        expect(verifyWebhookSignature(keys, body, ts, header)).toBe(true);
        expect(verifyWebhookSignature(keys, Buffer.from(body), ts, header.slice(4))).toBe(true);
        expect(verifyWebhookSignature(keys, body, ts, header.toUpperCase().replace('MAC=', 'mac='))).toBe(
          true,
        );
      }),
    );
  });

  it('rejects any change to the body', () => {
    fc.assert(
      fc.property(keysArb, fc.string(), fc.string(), tsArb, (keys, body, other, ts) => {
        fc.pre(body !== other);
        expect(verifyWebhookSignature(keys, other, ts, signWebhook(keys, body, ts))).toBe(false);
      }),
    );
  });

  it('rejects a different key, app id or timestamp', () => {
    fc.assert(
      fc.property(
        keysArb,
        fc.string(),
        tsArb,
        fc.string({ minLength: 1 }),
        tsArb,
        (keys, body, ts, other, ts2) => {
          const header = signWebhook(keys, body, ts);
          if (other !== keys.oaSecretKey)
            expect(verifyWebhookSignature({ ...keys, oaSecretKey: other }, body, ts, header)).toBe(false);
          if (other !== keys.appId)
            expect(verifyWebhookSignature({ ...keys, appId: other }, body, ts, header)).toBe(false);
          if (ts2 !== ts) expect(verifyWebhookSignature(keys, body, ts2, header)).toBe(false);
        },
      ),
    );
  });

  it('rejects a flipped hex digit, a missing, short or non-hex header', () => {
    const keys = { appId: 'a', oaSecretKey: 'k' };
    const mac = computeWebhookMac(keys, 'b', '1');
    fc.assert(
      fc.property(fc.nat({ max: 63 }), (i) => {
        const flipped = mac.slice(0, i) + (mac[i] === '0' ? '1' : '0') + mac.slice(i + 1);
        expect(verifyWebhookSignature(keys, 'b', '1', flipped)).toBe(false);
      }),
    );
    for (const bad of [undefined, '', 'mac=', mac.slice(1), `${mac}00`, 'z'.repeat(64)])
      expect(verifyWebhookSignature(keys, 'b', '1', bad)).toBe(false);
    expect(verifyWebhookSignature({ appId: 'a', oaSecretKey: '' }, 'b', '1', `mac=${mac}`)).toBe(false);
  });
});
