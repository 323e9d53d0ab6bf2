import pino, { type Logger, type DestinationStream } from 'pino';

/**
 * Paths never written to logs: credentials, tokens and personal data. pino's redaction runs on
 * every log call, so a careless `logger.info({ body })` still cannot leak a phone number.
 */
export const redactPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  '*.*.token',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'secret',
  '*.secret',
  'secret_key',
  '*.secret_key',
  'phone',
  '*.phone',
  '*.*.phone',
  'phoneNumber',
  '*.phoneNumber',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers.access_token',
  'req.headers.secret_key',
  'req.headers["x-zevent-signature"]',
  'res.headers["set-cookie"]',
  'headers.access_token',
  'headers.secret_key',
  'config.headers.access_token',
  'config.headers.secret_key',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
}

/** Keys of an error that carry query values (drizzle's DrizzleQueryError, pg's and PGlite's errors). */
const valueKeys = new Set(['params', 'parameters', 'values', 'value']);

/**
 * Text rules for error messages, stacks and database details: drizzle writes `params: …` into the message and
 * PostgreSQL writes the offending value into `detail` (`Key (phone)=(0912345678)`), so both are cut, and phone
 * numbers and argon2 hashes anywhere else in the text are masked.
 */
export function redactText(text: string): string {
  return text
    .replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, '\nparams: [redacted]')
    .replace(/=\(([^)]*)\)/g, '=([redacted])')
    .replace(/\$argon2(?:id|i|d)\$[A-Za-z0-9+/=$,.-]+/g, '[redacted-hash]')
    .replace(/(?<![\w-])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\w-])/g, '[redacted-phone]');
}

/** pino's error serializer (cause chain included), then query values dropped and texts redacted. */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return scrub(err, 0);
  return scrub(pino.stdSerializers.errWithCause(err), 0);
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = valueKeys.has(k) ? '[redacted]' : scrub(v, depth + 1);
  return out;
}
