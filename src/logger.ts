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
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' } }, destination);
}

/** Masks a phone number for display to roles that may not see it: 0912345678 → 091****678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 6)}${digits.slice(-3)}`;
}
