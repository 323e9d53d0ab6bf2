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
    /**
     * Longest a query may run, so none hangs: PostgreSQL's statement_timeout (10 s when unset); on PGlite a
     * deadline per query only when set (its one connection is legitimately held by long transactions there).
     */
    DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
    /** Longest a new PostgreSQL connection, or a wait for a free one in the pool, may take. */
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
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
    /** The OAuth callback registered with the Zalo app; default PUBLIC_BASE_URL + /api/console/settings/oa/oauth/callback. */
    ZALO_OAUTH_REDIRECT_URI: z.url().optional(),
    ZALO_MINIAPP_ID: z.string().min(1).optional(),
    /** Zalo's domain verification file name (zalo_verifier<code>.html) and, optionally, its content. */
    ZALO_DOMAIN_VERIFY_FILE: z
      .string()
      .regex(/^zalo_verifier[A-Za-z0-9_-]{1,200}\.html$/, 'must look like zalo_verifier<code>.html')
      .optional(),
    ZALO_DOMAIN_VERIFY_CONTENT: z.string().min(1).max(10_000).optional(),
    /** The content of Zalo's `zalo-platform-site-verification` meta tag, served on the home page. */
    ZALO_SITE_VERIFICATION: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be the code from Zalo (letters, digits, - and _)')
      .optional(),
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
    /** Zalo accepts consultation messages while the citizen's last message is this recent (-230 after). */
    CS_WINDOW_DAYS: z.coerce.number().min(1).max(30).default(7),
    /**
     * One send rate per OA, shared by the chat outbox and broadcasts of every instance (a token bucket in the
     * database). Default 50/s = 3,000/min, below the ~4,000 requests/min per OA that copies of Zalo's rate page give.
     */
    ZALO_SEND_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10_000).optional(),
    /** Deprecated aliases of ZALO_SEND_RATE_PER_SECOND (the larger one is used when the new name is unset). */
    OUTBOX_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10_000).optional(),
    BROADCAST_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10_000).optional(),
    /** Banner of a promotion message whose item has no image (README "Broadcasts as promotion messages"). */
    BROADCAST_DEFAULT_BANNER_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * An own cap on promotion messages per follower per local day / month; unset (the default) = none. Zalo's
     * "1 a day, 4 a month" applies to the Broadcast article API, not to promotion messages, whose limit is the
     * OA's quota (read before each broadcast). The names are kept so existing .env files still load.
     */
    BROADCAST_PER_DAY: z.coerce.number().int().min(0).optional(),
    BROADCAST_PER_MONTH: z.coerce.number().int().min(0).optional(),
    /** Followers inside the free reply window get a broadcast as a consultation message instead (issue 8). */
    BROADCAST_CS_IN_WINDOW: envBoolean.default(true),
    /** How long a claimed delivery row stays 'sending' before recovery treats its outcome as unknown. */
    BROADCAST_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
    QUIET_HOURS_START: hhmm.default('21:00'),
    QUIET_HOURS_END: hhmm.default('07:00'),
    /** How often each instance checks whether the FAQ index must be rebuilt (a publish or teach elsewhere). */
    FAQ_INDEX_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
    /**
     * Where the trained FAQ classifier is kept between restarts, so a restart with unchanged content skips training;
     * `off` disables it. Unset: `<DATA_DIR>/faq-model`, except under NODE_ENV=test (tests train fresh).
     */
    FAQ_MODEL_CACHE_DIR: z.string().min(1).optional(),
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

type ParsedConfig = z.infer<typeof configSchema>;
export type Config = Omit<ParsedConfig, 'ZALO_SEND_RATE_PER_SECOND'> & {
  simulatorEnabled: boolean;
  ZALO_SEND_RATE_PER_SECOND: number;
};

/** The default shared send rate: 50 requests/s (see ZALO_SEND_RATE_PER_SECOND). */
export const DEFAULT_SEND_RATE_PER_SECOND = 50;

function sendRateOf(c: ParsedConfig): number {
  if (c.ZALO_SEND_RATE_PER_SECOND !== undefined) return c.ZALO_SEND_RATE_PER_SECOND;
  const old = [c.OUTBOX_RATE_PER_SECOND, c.BROADCAST_RATE_PER_SECOND].filter((v) => v !== undefined);
  return old.length ? Math.max(...old) : DEFAULT_SEND_RATE_PER_SECOND;
}

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
  return {
    ...c,
    simulatorEnabled: c.SIMULATOR && c.NODE_ENV !== 'production',
    ZALO_SEND_RATE_PER_SECOND: sendRateOf(c),
  };
}
