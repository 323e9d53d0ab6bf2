import type { Express, Router } from 'express';
import type { Permission } from '../../src/console/policy.ts';

/** One route of the real app, as found in Express's router stack. */
export interface DiscoveredRoute {
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
export function discoverRoutes(app: Express): DiscoveredRoute[] {
  const out: DiscoveredRoute[] = [];
  walk((app as unknown as { router: Router }).router.stack as unknown as Layer[], '', undefined, out);
  return out;
}

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

/** Names of a route pattern's parameters, in order (`:id`, `{*rest}`). */
export function paramNames(path: string): string[] {
  return [...path.matchAll(/:(\w+)|\{\*(\w+)\}/g)].map((m) => m[1] ?? m[2]!);
}

/**
 * A concrete URL for a route pattern: each parameter gets `value(name)` (already URL-encoded), by default a
 * harmless value (an id that exists nowhere).
 */
export function concrete(path: string, value: (name: string) => string = () => 'x0') {
  return path
    .replace(/:(\w+)/g, (_m, name: string) => value(name))
    .replace(/\{\*(\w+)\}/g, (_m, name: string) => value(name))
    .replace(/[{}]/g, '');
}
