import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTcpProxy, type ProxyMode, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { withDatabase } from '../global-setup.ts';

/**
 * The real server (`node --import tsx src/main.ts`, jobs on) on a real PostgreSQL reached through a TCP proxy the
 * test controls: the proxy stops answering (black hole: sockets kept, nothing forwarded) or resets every connection.
 * /health must turn 503 with a reason within seconds, API requests must fail fast with a 503 JSON error, the same
 * process must recover once the proxy forwards again, and SIGTERM must stop it within 10 s while the database is
 * still gone. The server's own PostgreSQL is TEST_DATABASE_URL's, else postgres://postgres@127.0.0.1:5432/postgres.
 */
const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const QUERY_TIMEOUT_MS = 4_000;

async function reachable(url: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await c.connect();
    await c.query('select 1');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await c.end().catch(() => undefined);
  }
}
const unreachable = await reachable(baseUrl);
if (unreachable)
  console.warn(`storage-fault.process: skipped, PostgreSQL at ${baseUrl} unreachable: ${unreachable}`);

const figures: Record<string, number> = {};
const reasons: string[] = [];
let proxy: TcpProxy | undefined;
let child: ChildProcess | undefined;
let output = '';
const dbName = `cchc_t_fault_${randomBytes(4).toString('hex')}`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (unreachable) return;
  await admin((c) => c.query(`create database ${dbName}`));
  const u = new URL(baseUrl);
  proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
}, 30_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await proxy?.close();
  if (!unreachable) await admin((c) => c.query(`drop database if exists ${dbName} with (force)`));
  if (Object.keys(figures).length)
    console.log(
      `storage-fault.process figures (ms): ${JSON.stringify(figures)}\nreasons: ${reasons.join(' | ')}`,
    );
  if (process.env.STORAGE_FAULT_LOG) console.log(output);
});

function startServer(): Promise<number> {
  const u = new URL(withDatabase(baseUrl, dbName));
  u.port = String(proxy!.port);
  u.hostname = '127.0.0.1';
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: u.toString(),
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      JOBS: '1',
      DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      ZALO_API_BASE: 'http://127.0.0.1:9',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/listening on http:\/\/localhost:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.on('exit', (code) => reject(new Error(`exited early with ${code}:\n${output}`)));
  });
}

let port = 0;
async function get(path: string, timeoutMs = 30_000) {
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: the assertions on body say so */
  }
  return { status: res.status, body, ms: Date.now() - started };
}

/** Polls /health until it answers `status`; the time since `since`. */
async function healthBecomes(status: number, since: number, withinMs: number) {
  let last: Awaited<ReturnType<typeof get>> | undefined;
  while (Date.now() - since < withinMs) {
    last = await get('/health', withinMs).catch(() => undefined);
    if (last?.status === status) return { ...last, after: Date.now() - since };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`/health did not answer ${status} within ${withinMs} ms (last ${JSON.stringify(last)})`);
}

async function outage(mode: Exclude<ProxyMode, 'pass'>) {
  const cut = Date.now();
  proxy!.setMode(mode);
  // A request sent as the database goes away: bounded by the query timeout, answered 503 (or refused at once);
  // meanwhile /health is polled, as a load balancer would.
  const [inFlight, down] = await Promise.all([get('/api/areas/communes'), healthBecomes(503, cut, 10_000)]);
  expect(inFlight.status, JSON.stringify(inFlight.body)).toBe(503);
  expect(inFlight.ms).toBeLessThan(QUERY_TIMEOUT_MS + 3_000);
  figures[`${mode}: first request answered 503`] = inFlight.ms;
  expect(down.body).toMatchObject({ status: 'error', db: 'storage_fault' });
  expect(String(down.body.reason)).not.toBe('');
  figures[`${mode}: /health 503`] = down.after;
  reasons.push(`${mode}: ${String(down.body.reason)}`);

  // Once the fault is known, every request is refused at once with the clear error.
  for (const path of ['/api/areas/communes', '/api/miniapp/config', '/api/console/me']) {
    const res = await get(path);
    expect(res.status, path).toBe(503);
    expect(res.body).toMatchObject({ error: { code: 'unavailable' } });
    expect(String((res.body.error as { message: string }).message)).toMatch(/lưu trữ/);
    expect(res.ms, path).toBeLessThan(1_000);
    figures[`${mode}: later request 503`] = Math.max(figures[`${mode}: later request 503`] ?? 0, res.ms);
  }
}

async function heal(mode: string) {
  const healed = Date.now();
  proxy!.setMode('pass');
  const up = await healthBecomes(200, healed, 20_000);
  expect(up.body.status).toBe('ok');
  figures[`${mode}: recovered (/health 200)`] = up.after;
  const res = await get('/api/areas/communes');
  expect(res.status).toBe(200);
}

describe.skipIf(Boolean(unreachable))(
  'storage faults in the real process (PostgreSQL behind a proxy)',
  () => {
    it(
      'black hole and reset: 503 with a reason, fast refusals, recovery, and SIGTERM within 10 s',
      { timeout: 240_000 },
      async () => {
        port = await startServer();
        expect((await get('/health')).status).toBe(200);
        expect((await get('/api/areas/communes')).status).toBe(200);

        await outage('blackhole');
        await heal('blackhole');
        await outage('reset');
        await heal('reset');

        // SIGTERM while the database has stopped answering and a request waits on it.
        proxy!.setMode('blackhole');
        await new Promise((r) => setTimeout(r, 500));
        const pending = get('/api/areas/communes').catch(() => undefined);
        await new Promise((r) => setTimeout(r, 300));
        const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
        const sent = Date.now();
        child!.kill('SIGTERM');
        const code = await exited;
        figures['SIGTERM to exit (database gone)'] = Date.now() - sent;
        await pending;
        expect(Date.now() - sent).toBeLessThan(10_000);
        expect(code, output.slice(-3_000)).toBe(0);
        child = undefined;
      },
    );
  },
);
