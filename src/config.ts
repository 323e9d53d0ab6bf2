import { isIP } from 'node:net';
import { z } from 'zod';

/** Accepts "1"/"true"/"yes" and "0"/"false"/"no" (any case) as environment booleans. */
const envBoolean = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'TRUE', 'FALSE', 'True', 'False'])
  .transform((v) => ['1', 'true', 'yes'].includes(v.toLowerCase()));

const optionalSecret = z.string().min(1).optional();

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PUBLIC_BASE_URL: z.url().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    CONTENT_DIR: z.string().min(1).default('./content'),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    /** The chat simulator (`/dev/chat`): off unless `1`; refused in production. `npm start` sets it for local use. */
    SIMULATOR: envBoolean.default(false),
    /** The mini-app's dev login (no Zalo): off unless `1`; refused in production. `npm start` sets it locally. */
    MINIAPP_DEV_LOGIN: envBoolean.default(false),
    /** Bearer token for `/metrics`; without it `/metrics` is not served. */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    JOBS: envBoolean.default(true),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
      .default('1mb'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /**
     * Proxies in front of the app: a hop count (`1` = one reverse proxy) or the proxies' addresses/subnets
     * (`10.0.0.5,10.0.1.0/24`, `loopback`). Never `true`: it trusts whatever X-Forwarded-For a client sends.
     */
    TRUST_PROXY: z
      .string()
      .refine((v) => trustProxySetting(v) !== undefined, {
        message:
          'must be a hop count (e.g. 1) or proxy addresses/subnets; "true" would trust forged X-Forwarded-For',
      })
      .optional(),
    SESSION_SECRET: optionalSecret,
    ZALO_APP_ID: z.string().min(1).optional(),
    ZALO_APP_SECRET: optionalSecret,
    ZALO_OA_ID: z.string().min(1).optional(),
    ZALO_OA_SECRET_KEY: optionalSecret,
    ZALO_ACCESS_TOKEN: optionalSecret,
    ZALO_REFRESH_TOKEN: optionalSecret,
    ZALO_API_BASE: z.url().default('https://openapi.zalo.me'),
    ZALO_OAUTH_BASE: z.url().default('https://oauth.zaloapp.com'),
    ZALO_GRAPH_BASE: z.url().default('https://graph.zalo.me'),
    ZALO_MINIAPP_ID: z.string().min(1).optional(),
    /** Origins the deployed mini-app calls the API from (comma-separated), for CORS on /api/miniapp only. */
    MINIAPP_ALLOWED_ORIGINS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    ZALO_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    WEBHOOK_MAX_AGE_HOURS: z.coerce
      .number()
      .min(0.01)
      .max(24 * 30)
      .default(24),
    FREE_REPLY_WINDOW_HOURS: z.coerce
      .number()
      .min(1)
      .max(24 * 30)
      .default(48),
    FREE_REPLY_LIMIT: z.coerce.number().int().min(0).max(100).default(8),
    OUTBOX_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(50),
    BROADCAST_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(100),
    BROADCAST_PER_DAY: z.coerce.number().int().min(0).default(1),
    BROADCAST_PER_MONTH: z.coerce.number().int().min(0).default(4),
    /** Followers inside the free reply window get a broadcast as a consultation message instead (issue 8). */
    BROADCAST_CS_IN_WINDOW: envBoolean.default(true),
    /** How long a claimed delivery row stays 'sending' before recovery treats its outcome as unknown. */
    BROADCAST_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
    QUIET_HOURS_START: hhmm.default('21:00'),
    QUIET_HOURS_END: hhmm.default('07:00'),
    HANDOFF_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
    CONSOLE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
    CONSOLE_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
    CONSOLE_LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).default(5),
    CONSOLE_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
    CONSOLE_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
    TZ_APP: z.string().default('Asia/Ho_Chi_Minh'),
    // Key of the anonymous surveys' "has answered" hashes (HMAC of zalo id, survey, report year); falls back to
    // SESSION_SECRET. Changing it lets people who already answered in the current report year answer again.
    SURVEY_PARTICIPATION_SECRET: optionalSecret,
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV !== 'production') return;
    for (const key of ['SIMULATOR', 'MINIAPP_DEV_LOGIN'] as const) {
      if (c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is refused in production' });
    }
    for (const key of ['ZALO_APP_ID', 'ZALO_OA_SECRET_KEY', 'SESSION_SECRET'] as const) {
      if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
    }
  });

export type Config = z.infer<typeof configSchema> & { simulatorEnabled: boolean };

const namedSubnets = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Express's `trust proxy` value for TRUST_PROXY: a hop count as a number (as a string Express would read it as an
 * address), or a list of addresses/subnets; `undefined` for anything else (`true`, `yes`, junk).
 */
export function trustProxySetting(value: string): number | string[] | undefined {
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const parts = value.split(',').map((p) => p.trim());
  const ok = parts.every((p) => {
    if (namedSubnets.has(p)) return true;
    const [addr, bits, extra] = p.split('/');
    if (extra !== undefined || !addr || isIP(addr) === 0) return false;
    if (bits === undefined) return true;
    const max = isIP(addr) === 4 ? 32 : 128;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
  });
  return ok && parts.length > 0 ? parts : undefined;
}

/** Raised when the environment is invalid; lists every bad variable, never a value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Empty strings count as unset, as in most .env tooling. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    // Messages name the variable and the rule only: zod's own messages never include the received value here.
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(problems);
  }
  const c = result.data;
  return { ...c, simulatorEnabled: c.SIMULATOR && c.NODE_ENV !== 'production' };
}
