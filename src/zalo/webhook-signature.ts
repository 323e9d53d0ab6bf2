import { createHash, timingSafeEqual } from 'node:crypto';

/** What Zalo's webhook MAC is computed over besides the raw body. */
export interface WebhookSigningKeys {
  appId: string;
  oaSecretKey: string;
}

/**
 * Zalo's MAC: hex SHA-256 (plain, not HMAC) of appId + raw body + the body's own `timestamp` + OA secret key.
 * The raw body is hashed as received (bytes), never re-serialised.
 */
export function computeWebhookMac(
  keys: WebhookSigningKeys,
  rawBody: Buffer | string,
  timestamp: string,
): string {
  return createHash('sha256')
    .update(keys.appId, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .update(timestamp, 'utf8')
    .update(keys.oaSecretKey, 'utf8')
    .digest('hex');
}

/** The `X-ZEvent-Signature` header value for a body (tests and the benchmark sign with it). */
export function signWebhook(keys: WebhookSigningKeys, rawBody: Buffer | string, timestamp: string): string {
  return `mac=${computeWebhookMac(keys, rawBody, timestamp)}`;
}

/**
 * Checks the header against the body in constant time. Accepts the value with or without `mac=`;
 * anything missing, malformed or of the wrong length is simply invalid.
 */
export function verifyWebhookSignature(
  keys: WebhookSigningKeys,
  rawBody: Buffer | string,
  timestamp: string,
  header: string | undefined,
): boolean {
  if (!header || !keys.appId || !keys.oaSecretKey) return false;
  const given = header.trim().replace(/^mac=/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = Buffer.from(computeWebhookMac(keys, rawBody, timestamp), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
