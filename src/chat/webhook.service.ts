import { ZodError } from 'zod';
import type { Config } from '../config.ts';
import { verifyWebhookSignature } from '../zalo/webhook-signature.ts';
import { parseZaloEvent } from '../zalo/zalo.events.ts';
import { inboxRow, type InboxWriter } from './inbox.service.ts';
import { cleanJson } from '../http/input.ts';
import type { CoreDeps } from '../app/module.ts';

export interface WebhookDeps extends Pick<CoreDeps, 'db' | 'clock' | 'logger'> {
  config: Pick<Config, 'ZALO_APP_ID' | 'ZALO_OA_SECRET_KEY' | 'WEBHOOK_MAX_AGE_HOURS'>;
  writer: InboxWriter;
  /** Wakes the inbox worker after an event is stored. */
  onStored?: () => void;
}

export type WebhookOutcome =
  | { status: 200; result: 'stored' | 'duplicate' | 'url_check' }
  | { status: 400; reason: string }
  | { status: 401; reason: string };

/** Clocks drift: an event stamped a little in the future is fine, one far ahead is not Zalo's. */
const FUTURE_SKEW_MS = 10 * 60_000;

/** `"timestamp":"…"` read without parsing, only to check the signature of a body that is not valid JSON. */
function timestampOf(text: string): string {
  return /"timestamp"\s*:\s*"?(\d{1,16})/.exec(text)?.[1] ?? '';
}

/**
 * When a webhook URL is saved in Zalo's developer console, Zalo calls it once without a signature and without an
 * event; the URL is only accepted if that call gets a 200. Only an unsigned request whose body is empty or `{}`
 * counts as that check: it is answered 200 and nothing is stored. Any other unsigned body is still a 401.
 */
export function isUrlCheck(rawBody: Buffer, signature: string | undefined): boolean {
  if (signature !== undefined && signature.trim() !== '') return false;
  const text = rawBody.toString('utf8').trim();
  return text === '' || /^\{\s*\}$/.test(text);
}

/**
 * Zalo webhook: signature (constant time) → event shape → age → stored once in the inbox. Nothing is written
 * unless every check passed. Bad signature, unsigned or stale → 401; a signed body that is not an event → 400;
 * Zalo's unsigned, empty URL check → 200 with nothing stored.
 */
export async function acceptWebhook(
  deps: WebhookDeps,
  rawBody: Buffer,
  signature: string | undefined,
): Promise<WebhookOutcome> {
  // before the keys check: the URL is often registered before the OA secret key is configured here
  if (isUrlCheck(rawBody, signature)) return { status: 200, result: 'url_check' };
  const keys = { appId: deps.config.ZALO_APP_ID ?? '', oaSecretKey: deps.config.ZALO_OA_SECRET_KEY ?? '' };
  if (!keys.appId || !keys.oaSecretKey) return { status: 401, reason: 'webhook keys not configured' };
  const text = rawBody.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const signed = verifyWebhookSignature(keys, rawBody, timestampOf(text), signature);
    return signed ? { status: 400, reason: 'malformed JSON' } : { status: 401, reason: 'bad signature' };
  }
  const ts = (body as { timestamp?: unknown } | null)?.timestamp;
  const timestamp = typeof ts === 'string' || typeof ts === 'number' ? String(ts) : '';
  if (!verifyWebhookSignature(keys, rawBody, timestamp, signature))
    return { status: 401, reason: 'bad signature' };
  // Cleaned before anything reads it: NUL and lone surrogates out (a citizen's phone typed them), depth bounded.
  const cleaned = cleanJson(body);
  if (cleaned === undefined) return { status: 400, reason: 'nested too deep' };
  let event;
  try {
    event = parseZaloEvent(cleaned);
  } catch (err) {
    if (err instanceof ZodError) return { status: 400, reason: 'not a Zalo event' };
    throw err;
  }
  if ('app_id' in event && event.app_id !== undefined && event.app_id !== keys.appId) {
    return { status: 401, reason: 'event for another app' };
  }
  const age = deps.clock.now().getTime() - Number(event.timestamp);
  if (age > deps.config.WEBHOOK_MAX_AGE_HOURS * 3_600_000 || age < -FUTURE_SKEW_MS) {
    return { status: 401, reason: 'stale timestamp' };
  }
  const result = await deps.writer.store(inboxRow(event, cleaned, deps.clock.now()));
  if (result === 'stored') deps.onStored?.();
  return { status: 200, result };
}
