// Stores the OA's first token pair (from the OA authorisation) in the token store, or shows the channel state.
//
//   npm run -s zalo:token                      reads the tokens from stdin (hidden when typed at a terminal)
//   echo '{"access_token":"…","refresh_token":"…","expires_in":"90000"}' | npm run -s zalo:token
//   printf '%s\n%s\n' "$ACCESS" "$REFRESH" | npm run -s zalo:token
//   npm run -s zalo:token -- --access-token A --refresh-token R [--expires-in 90000]   (lands in shell history)
//   npm run -s zalo:token -- --status
//
// Token values are never printed.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/logger.ts';
import { ZaloTokenService } from '../src/zalo/token.service.ts';

/** Zalo's access tokens last about 25 hours (DESIGN); a shorter real lifetime is caught by Zalo's -216 answer. */
const DEFAULT_EXPIRES_IN_SEC = 90_000;

const pairSchema = z.object({
  accessToken: z.string({ error: 'access token is missing' }).trim().min(1, 'access token is empty'),
  refreshToken: z.string({ error: 'refresh token is missing' }).trim().min(1, 'refresh token is empty'),
  expiresInSec: z.coerce.number().int().positive().default(DEFAULT_EXPIRES_IN_SEC),
});

const { values } = parseArgs({
  options: {
    'access-token': { type: 'string' },
    'refresh-token': { type: 'string' },
    'expires-in': { type: 'string' },
    status: { type: 'boolean', default: false },
  },
});

/** Reads lines from stdin; at a terminal the typed text is not shown. */
async function readLines(prompts: string[]): Promise<string[]> {
  const tty = process.stdin.isTTY;
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output: tty ? output : undefined, terminal: tty });
  const lines: string[] = [];
  if (!tty) {
    for await (const line of rl) if (line.trim()) lines.push(line.trim());
    return lines;
  }
  for (const prompt of prompts) {
    lines.push(
      await new Promise<string>((resolve) => {
        muted = false;
        rl.question(prompt, resolve);
        muted = true;
      }),
    );
    process.stderr.write('\n');
  }
  rl.close();
  return lines;
}

/** Accepts Zalo's JSON answer as pasted, or the access and refresh tokens on two lines. */
function pairFromInput(lines: string[]) {
  const text = lines.join('\n');
  if (text.trimStart().startsWith('{')) {
    const j = JSON.parse(text) as Record<string, unknown>;
    return { accessToken: j.access_token, refreshToken: j.refresh_token, expiresInSec: j.expires_in };
  }
  return { accessToken: lines[0], refreshToken: lines[1], expiresInSec: values['expires-in'] };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await runMigrations(database);
    const logger = createLogger(config.LOG_LEVEL === 'debug' ? 'debug' : 'warn');
    const tokens = new ZaloTokenService({ db: database.db, config, logger, clock: systemClock });
    if (values.status) {
      console.log(`zalo: ${await tokens.channelState()}`);
      return;
    }
    const fromArgs = values['access-token'] !== undefined || values['refresh-token'] !== undefined;
    const raw = fromArgs
      ? {
          accessToken: values['access-token'],
          refreshToken: values['refresh-token'],
          expiresInSec: values['expires-in'],
        }
      : pairFromInput(await readLines(['Access token: ', 'Refresh token: ']));
    const parsed = pairSchema.safeParse(raw);
    if (!parsed.success) {
      console.error(`Not stored: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      process.exitCode = 1;
      return;
    }
    await tokens.storeTokenPair(parsed.data);
    const hours = Math.round((parsed.data.expiresInSec / 3600) * 10) / 10;
    console.log(
      `Stored the token pair for OA ${config.ZALO_OA_ID ?? 'default'}; access token valid about ${hours} h.`,
    );
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  // The message only: a stack or an error object could carry request data.
  console.error('zalo:token failed:', err instanceof Error ? err.message : String(err));
  process.exit(1);
});
