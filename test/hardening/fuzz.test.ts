import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import nock from 'nock';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { concrete, discoverRoutes, paramNames, type DiscoveredRoute } from '../helpers/routes.ts';
import { createStaff, sessionFor } from '../console/helpers.ts';
import { signWebhook } from '../../src/zalo/webhook-signature.ts';
import { SessionSigner } from '../../src/miniapp/miniapp.session.ts';
import { badJsonText, badPathSegment, badQuery, mutatedBody, type Identity } from './fuzz-arbitraries.ts';

/**
 * Walks every route of the real app (the role matrix's route walker) with generated bad input — NUL, lone
 * surrogates, huge integers, impossible dates, bad %-escapes, deep JSON, wrong types — as an admin, as a
 * mini-app citizen and anonymously, and fails on any 5xx. One app, one database, one loopback server.
 */

/** Runs per route: most for the admin (past every permission check), fewer for callers refused at the door. */
const runsFor: Record<string, number> = { admin: 32, citizen: 16, anonymous: 12 };
const WEBHOOK_RUNS = 400;

let app: TestApp;
let server: http.Server;
let port: number;
let routes: DiscoveredRoute[];
const identities: Identity[] = [{ name: 'anonymous', headers: async () => ({}) }];
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
let sent = 0;

beforeAll(async () => {
  // Zalo is faked at the HTTP boundary: it refuses every token the fuzzer invents, as the real one would.
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock(/zalo-(graph|api|oauth)\.test/)
    .persist()
    .get(/.*/)
    .reply(200, { error: -501, message: 'Access token is invalid' })
    .post(/.*/)
    .reply(200, { error: -501, message: 'Access token is invalid' });
  app = await createTestApp({
    config: { RATE_LIMIT_PER_MINUTE: '1000000', CONSOLE_LOGIN_RATE_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' },
  });
  await app.loadContent();
  const adminId = (await createStaff(app, 'fuzz-admin', 'admin', 'ubnd-tinh')).id;
  // A fresh session per route: the fuzzer also calls logout, which must not sign the admin out of the next route.
  const adminHeaders = async () => {
    const s = await sessionFor(app, adminId);
    return { cookie: s.cookie, 'x-csrf-token': s.csrf };
  };
  identities.push({ name: 'admin', headers: adminHeaders });
  const citizen = new SessionSigner(app.config.SESSION_SECRET, app.clock).sign({
    zaloUserId: 'fuzz-citizen',
    name: 'Người dân',
    kind: 'zalo',
  });
  identities.push({ name: 'citizen', headers: async () => ({ authorization: `Bearer ${citizen.token}` }) });
  routes = discoverRoutes(app.express);
  server = app.express.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
  await collectTemplates(await adminHeaders());
}, 120_000);
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close();
});

interface Answer {
  status: number;
  body: string;
  type: string;
}

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  sent += 1;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            type: String(res.headers['content-type'] ?? ''),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A refusal a person can read: JSON answers carry a Vietnamese `error.message`. */
const vietnamese = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
function problemWith(answer: Answer): string | undefined {
  if (answer.status >= 500) return `status ${answer.status}: ${answer.body.slice(0, 200)}`;
  if (answer.status >= 400 && answer.type.includes('json')) {
    const message = (JSON.parse(answer.body) as { error?: { message?: unknown } }).error?.message;
    if (typeof message !== 'string' || !vietnamese.test(message))
      return `status ${answer.status} without a Vietnamese message: ${answer.body.slice(0, 200)}`;
  }
  return undefined;
}

/** Real ids beside the bad ones, so the generated input also reaches code behind an existing row. */
const realValues = ['citizen-cchc-2025', 'demo-cchc-citizen', 'cchc-2025', '2025', '3', 'ubnd-tinh'];

/** Valid bodies per route (`METHOD /pattern`), mutated one place at a time. */
const templates = new Map<string, unknown>();

async function collectTemplates(headers: Record<string, string>) {
  const content = { title: 'Tin thử', textVi: 'Nội dung thử nghiệm', themeCode: null };
  const created = await send('POST', '/api/console/broadcasts/items', headers, JSON.stringify(content));
  if (created.status !== 201) throw new Error(`template item: ${created.status} ${created.body}`);
  const itemId = String((JSON.parse(created.body) as { item: { id: number } }).item.id);
  realValues.push(itemId);
  const campaign = JSON.parse(
    (await send('GET', '/api/console/quiz/campaigns/demo-cchc-citizen', headers)).body,
  ) as {
    campaign: unknown;
    rounds?: { id: string }[];
  };
  for (const r of campaign.rounds ?? []) realValues.push(r.id);
  const survey = JSON.parse(
    (await send('GET', '/api/console/surveys/citizen-cchc-2025/definition', headers)).body,
  ) as { definition: unknown };
  const round = {
    no: 2,
    title: 'Vòng 2',
    opensAt: '2026-12-02T00:00:00+07:00',
    closesAt: '2026-12-09T00:00:00+07:00',
  };
  const schedule = {
    scheduledAt: '2026-12-05T08:00:00+07:00',
    segment: { areas: ['vinh-chau-p1'], followedFrom: '2025-01-01' },
  };
  const t: Record<string, unknown> = {
    'POST /api/console/broadcasts/items': content,
    'PUT /api/console/broadcasts/items/:id': content,
    'POST /api/console/broadcasts/items/:id/schedule': schedule,
    'POST /api/console/broadcasts/preview': schedule,
    'POST /api/console/broadcasts/items/:id/reject': { reason: 'Chưa đúng kế hoạch' },
    'PUT /api/console/surveys/:id/definition': { definition: survey.definition },
    'PUT /api/console/quiz/campaigns/:id': campaign.campaign,
    'POST /api/console/quiz/campaigns/:id/rounds': round,
    'PATCH /api/console/quiz/rounds/:id': round,
    'POST /api/console/quiz/banks/:bank/import': { format: 'csv', fileBase64: 'YSxiLGMK', dryRun: true },
    'POST /api/console/accounts': {
      username: 'fuzz.user',
      displayName: 'Cán bộ',
      password: 'mat-khau-dai-1',
      role: 'editor',
      unitCode: 'ubnd-tinh',
    },
    'PATCH /api/console/accounts/:id': {
      displayName: 'Cán bộ',
      role: 'editor',
      unitCode: 'ubnd-tinh',
      active: true,
    },
    'POST /api/console/auth/login': { username: 'fuzz-admin', password: 'sai-mat-khau' },
    'POST /api/console/handoff/:id/reply': { text: 'Chào anh/chị' },
    'POST /api/console/settings/oa/reauthorise': { refreshToken: 'x'.repeat(20) },
    'POST /api/miniapp/surveys/:id': {
      consent: true,
      answers: { q1: 'a' },
      areaCode: 'vinh-chau-p1',
      language: 'vi',
      version: 1,
    },
    'POST /api/miniapp/quiz/campaigns/:id/registration': {
      answers: { fullName: 'Trần Thị Bé' },
      consent: true,
      consentVersion: '1',
    },
    'POST /api/miniapp/quiz/attempts/:id/submit': {
      answers: [{ questionId: 'q1', choices: [0] }],
      prediction: 10,
    },
    'POST /api/miniapp/session': { accessToken: 'abc' },
    'POST /api/miniapp/dev-login': { name: 'Người thử' },
    'POST /api/miniapp/phone': { token: 'abc', accessToken: 'abc' },
    'POST /dev/simulator/messages': { userId: 'fuzz-user', text: 'xin chào' },
  };
  for (const [k, v] of Object.entries(t)) templates.set(k, v);
}

function requestFor(route: DiscoveredRoute) {
  const names = paramNames(route.path);
  // A real survey id with a valid period would render a PDF in Chromium: keep that route on bad ids only.
  const segment = route.path.endsWith('export.pdf')
    ? badPathSegment
    : fc.oneof(
        { weight: 4, arbitrary: badPathSegment },
        { weight: 1, arbitrary: fc.constantFrom(...realValues) },
      );
  return fc.record({
    params: fc.tuple(...names.map(() => segment)),
    query: badQuery,
    body:
      route.method === 'GET' || route.method === 'DELETE'
        ? fc.constant(undefined)
        : templates.has(`${route.method} ${route.path}`)
          ? fc.oneof(
              { weight: 3, arbitrary: mutatedBody(templates.get(`${route.method} ${route.path}`)) },
              { weight: 1, arbitrary: badJsonText },
            )
          : badJsonText,
  });
}

describe('route fuzz: no input gives a 5xx', () => {
  it(
    'walks every route with generated bad input as anonymous, admin and citizen',
    { timeout: 300_000 },
    async () => {
      const before = sent;
      expect(routes.length).toBeGreaterThanOrEqual(80);
      const failures: string[] = [];
      const timings: [string, number][] = [];
      for (const [index, route] of routes.entries()) {
        const names = paramNames(route.path);
        const started = Date.now();
        for (const identity of identities) {
          const headers = await identity.headers();
          const result = await fc.check(
            fc.asyncProperty(requestFor(route), async (input) => {
              const url =
                concrete(route.path, (name) => input.params[names.indexOf(name)] ?? 'x0') + input.query;
              const answer = await send(route.method, url, headers, input.body);
              const problem = problemWith(answer);
              if (problem) throw new Error(`${route.method} ${url} → ${problem}`);
            }),
            { numRuns: runsFor[identity.name]!, seed: 19_000 + index, endOnFailure: true },
          );
          if (result.failed)
            failures.push(`[${identity.name}] ${String(result.errorInstance)}`.slice(0, 500));
        }
        timings.push([`${route.method} ${route.path}`, Date.now() - started]);
      }
      const requests = sent - before;
      console.info(
        JSON.stringify({
          fuzz: 'routes',
          routes: routes.length,
          identities: identities.length,
          requests,
          slowestRoutesMs: timings.sort((a, b) => b[1] - a[1]).slice(0, 5),
        }),
      );
      expect(failures).toEqual([]);
      expect(requests).toBeGreaterThanOrEqual(5_000);
    },
  );

  it('signed webhook events with bad fields, deep nesting and odd strings are stored or refused, never a 5xx', async () => {
    const keys = { appId: app.config.ZALO_APP_ID!, oaSecretKey: app.config.ZALO_OA_SECRET_KEY! };
    const before = sent;
    const event = fc.record({
      senderId: fc.oneof(fc.string(), fc.constantFrom('\u0000', '\ud800', '9'.repeat(40), '')),
      text: fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('a\u0000b', '\udc00x', 'x'.repeat(5000))),
      msgId: fc.oneof(fc.string(), fc.integer()),
      extra: badJsonText,
      depth: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 }), fc.constantFrom(3_000, 20_000)),
    });
    const result = await fc.check(
      fc.asyncProperty(event, async (e) => {
        const timestamp = String(app.clock.now().getTime());
        const core = JSON.stringify({
          app_id: keys.appId,
          event_name: 'user_send_text',
          sender: { id: e.senderId },
          recipient: { id: 'oa' },
          message: { text: e.text, msg_id: e.msgId },
          timestamp,
        });
        const nested = `${'['.repeat(e.depth)}0${']'.repeat(e.depth)}`;
        const raw = `${core.slice(0, -1)},"extra":${e.extra},"deep":${nested}}`;
        const signature = signWebhook(keys, raw, timestamp);
        const answer = await send('POST', '/webhooks/zalo', { 'x-zevent-signature': signature }, raw);
        const problem = problemWith(answer);
        if (problem) throw new Error(`webhook depth ${e.depth} → ${problem}`);
      }),
      { numRuns: WEBHOOK_RUNS, seed: 19, endOnFailure: true },
    );
    console.info(JSON.stringify({ fuzz: 'webhook', requests: sent - before }));
    expect(result.failed ? String(result.errorInstance).slice(0, 500) : '').toBe('');
  }, 120_000);
});
