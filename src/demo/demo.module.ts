import type { CoreDeps, Module } from '../app/module.ts';
import { demoConsoleRoutes } from './demo.routes.ts';

/** The demo pack through the running server (admins; never in production): /api/console/demo/seed|clear. */
export function createDemoModule(core: CoreDeps): Module {
  return { name: 'demo', consoleRoutes: demoConsoleRoutes(core) };
}
