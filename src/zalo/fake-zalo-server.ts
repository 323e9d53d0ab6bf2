// The fake Zalo server: starts it, routes each request to its API family (fake-zalo.*.ts) and writes the answer.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { followerList, tag, userDetail } from './fake-zalo.followers.ts';
import { graphMe, graphPhone } from './fake-zalo.graph.ts';
import { quota, sendMessage, upload } from './fake-zalo.messages.ts';
import { permission, refresh } from './fake-zalo.oauth.ts';
import {
  checkAccessToken,
  fail,
  FakeZaloState,
  type Answer,
  type FakeSentMessage,
  type FakeZaloBehaviour,
  type FakeZaloOptions,
  type FakeZaloStats,
} from './fake-zalo.state.ts';

export type {
  FakeGraphUser,
  FakeSentMessage,
  FakeZaloBehaviour,
  FakeZaloOptions,
  FakeZaloStats,
} from './fake-zalo.state.ts';

/**
 * A small stand-in for Zalo's servers on 127.0.0.1, for benchmarks and end-to-end tests: the message API v3,
 * OAuth v4 refresh (rotating single-use refresh tokens), the OA permission page and code exchange with PKCE, follower list/detail, tags, image upload and the Graph
 * endpoints the mini-app backend calls. Point ZALO_API_BASE, ZALO_OAUTH_BASE and ZALO_GRAPH_BASE at `url`.
 */

export interface FakeZalo {
  /** Base URL, e.g. http://127.0.0.1:43121 (no trailing slash). */
  url: string;
  port: number;
  sent: FakeSentMessage[];
  stats: FakeZaloStats;
  /** Tags per user, as set through the tag endpoints. */
  tags: Map<string, Set<string>>;
  /** The pair currently valid at the fake (what a successful refresh handed out last). */
  currentTokens(): { accessToken: string; refreshToken: string };
  /** Every access token handed out so far stops working (-216), as after expiry. */
  expireAccessTokens(): void;
  setOptions(options: Partial<FakeZaloBehaviour>): void;
  /** Forgets sent messages and counters (not tokens or tags). */
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;

export async function startFakeZalo(options: FakeZaloOptions = {}): Promise<FakeZalo> {
  const state = new FakeZaloState(options);
  const server = createServer((req, res) => void handle(state, req, res));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    sent: state.sent,
    stats: state.stats,
    tags: state.tags,
    currentTokens: () => ({ accessToken: state.accessToken, refreshToken: state.refreshToken }),
    expireAccessTokens: () => state.validAccessTokens.clear(),
    setOptions: (o) => Object.assign(state.behaviour, o),
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(s: FakeZaloState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  s.stats.requests++;
  s.stats.byPath[url.pathname] = (s.stats.byPath[url.pathname] ?? 0) + 1;
  let answer: Answer;
  try {
    const raw = await readBody(req);
    answer = route(s, req, url, raw);
  } catch {
    answer = { status: 400, body: fail(-201, 'Invalid request body') };
  }
  if (s.behaviour.latencyMs > 0) await new Promise((r) => setTimeout(r, s.behaviour.latencyMs));
  if (answer.location) {
    res.writeHead(answer.status, { location: answer.location }).end();
    return;
  }
  if (answer.status === 503 && answer.body === undefined) {
    res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
}

function route(s: FakeZaloState, req: IncomingMessage, url: URL, raw: Buffer): Answer {
  const p = url.pathname;
  const m = /^\/v3\.0\/oa\/message\/(cs|transaction|promotion)$/.exec(p);
  if (m && req.method === 'POST') return sendMessage(s, m[1] as FakeSentMessage['kind'], req, raw);
  if (p === '/v4/oa/access_token' && req.method === 'POST') return refresh(s, req, raw);
  if (p === '/v4/oa/permission' && req.method === 'GET') return permission(s, url);
  if (p === '/v2.0/me' && req.method === 'GET') return graphMe(s, req);
  if (p === '/v2.0/me/info' && req.method === 'GET') return graphPhone(s, req);
  const auth = checkAccessToken(s, req);
  if (auth) return auth;
  if (p === '/v3.0/oa/user/getlist' && req.method === 'GET') return followerList(s, url);
  if (p === '/v3.0/oa/quota/message' && req.method === 'POST') return quota(s, raw);
  if (p === '/v3.0/oa/user/detail' && req.method === 'GET') return userDetail(s, url);
  if (p === '/v2.0/oa/tag/tagfollower' && req.method === 'POST') return tag(s, raw, true);
  if (p === '/v2.0/oa/tag/rmfollowerfromtag' && req.method === 'POST') return tag(s, raw, false);
  if (p === '/v2.0/oa/upload/image' && req.method === 'POST') return upload(s, req, raw);
  return { status: 404, body: fail(-404, 'Not found') };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
