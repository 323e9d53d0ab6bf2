import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Router } from 'express';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { policy, roleHas, roles, type Permission, type Role } from '../../src/console/policy.ts';
import { createStaff, sessionFor } from './helpers.ts';

interface DiscoveredRoute {
  method: string;
  path: string;
  permission: Permission | undefined;
}

type Layer = {
  route?: {
    path: string | string[];
    methods: Record<string, boolean>;
    stack: { handle: { permission?: Permission } }[];
  };
  handle: { stack?: Layer[]; permission?: Permission };
  rawPath?: string | string[];
};

/** Every route the real app serves, found by walking Express's router stack (feature routers included). */
function walk(stack: Layer[], prefix: string, inherited: Permission | undefined, out: DiscoveredRoute[]) {
  let permission = inherited;
  for (const layer of stack) {
    if (layer.route) {
      const own = layer.route.stack.map((l) => l.handle.permission).find(Boolean);
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const p of paths)
        for (const m of Object.keys(layer.route.methods)) {
          if (m === '_all') continue;
          out.push({ method: m.toUpperCase(), path: join(prefix, p), permission: own ?? permission });
        }
    } else if (layer.handle.stack) {
      const raw = Array.isArray(layer.rawPath) ? layer.rawPath[0] : layer.rawPath;
      walk(layer.handle.stack, join(prefix, typeof raw === 'string' ? raw : '/'), permission, out);
    } else if (layer.handle.permission) {
      permission = layer.handle.permission; // router.use(permit(...)) guards what follows in this router
    }
  }
}

function join(a: string, b: string) {
  return `${a}/${b}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

/** A concrete URL for a route pattern: params become a harmless value (ids that exist nowhere). */
function concrete(path: string) {
  return path
    .replace(/:(\w+)/g, 'x0')
    .replace(/\{\*\w+\}/g, 'x0')
    .replace(/[{}]/g, '');
}

/** Console routes that are deliberately not behind a permission. */
const publicRoutes = new Set([
  'GET /api/console/auth/csrf',
  'POST /api/console/auth/login',
  'GET /api/console/setup',
  'POST /api/console/setup',
]);
const sessionOnlyRoutes = new Set(['GET /api/console/me', 'POST /api/console/auth/logout']);

let app: TestApp;
let routes: DiscoveredRoute[];
const staffIds = {} as Record<Role, string>;

beforeAll(async () => {
  app = await createTestApp({ config: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await loadReferenceData(app.database.db, 'content');
  for (const role of roles) staffIds[role] = (await createStaff(app, `matrix-${role}`, role, 'ubnd-tinh')).id;
  routes = [];
  walk(
    (app.express as unknown as { router: Router }).router.stack as unknown as Layer[],
    '',
    undefined,
    routes,
  );
  routes = routes.filter((r) => r.path.startsWith('/api/console'));
});
afterAll(() => app.close());

function send(route: DiscoveredRoute, auth?: { cookie: string; csrf: string }) {
  const url = concrete(route.path);
  const agent = request(app.express);
  let req = route.method === 'GET' ? agent.get(url) : agent[route.method.toLowerCase() as 'post'](url);
  if (auth) req = req.set('cookie', auth.cookie).set('x-csrf-token', auth.csrf);
  return route.method === 'GET' ? req : req.send({});
}

describe('console role × route matrix', () => {
  it('discovers the console routes, each guarded by a permission from the policy table or listed as open', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const unguarded = routes
      .filter((r) => !r.permission)
      .map((r) => `${r.method} ${r.path}`)
      .filter((k) => !publicRoutes.has(k) && !sessionOnlyRoutes.has(k));
    expect(unguarded).toEqual([]);
    for (const r of routes) if (r.permission) expect(Object.keys(policy)).toContain(r.permission);
  });

  it('answers 401 without a session on every non-public route', { timeout: 120_000 }, async () => {
    for (const route of routes.filter((r) => !publicRoutes.has(`${r.method} ${r.path}`))) {
      const res = await send(route);
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      const forged = await send(route, { cookie: 'cchc_console=forged-session-token', csrf: 'x' });
      expect(forged.status, `${route.method} ${route.path} (forged cookie)`).toBe(401);
    }
  });

  it('for every role: 403 exactly where the policy denies, something else where it allows', async () => {
    const mismatches: string[] = [];
    for (const role of roles) {
      for (const route of routes.filter((r) => r.permission)) {
        const res = await send(route, await sessionFor(app, staffIds[role]));
        const allowed = roleHas(role, route.permission!);
        // 503 = the module behind the page is not wired yet: allowed, just not ready.
        if (allowed ? [401, 403, 500].includes(res.status) : res.status !== 403) {
          mismatches.push(
            `${role} ${route.method} ${route.path} → ${res.status} (${route.permission}, allowed=${allowed})`,
          );
        }
      }
      for (const key of sessionOnlyRoutes) {
        const route = routes.find((r) => `${r.method} ${r.path}` === key)!;
        const res = await send(route, await sessionFor(app, staffIds[role]));
        if (res.status >= 400) mismatches.push(`${role} ${key} → ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);
});
