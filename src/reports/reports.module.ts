import type { CoreDeps, Module } from '../app/module.ts';
import { reportsConsoleRoutes } from './reports.routes.ts';

/** Period reports to Sở Nội vụ (issue 20): /api/console/reports/period?unit=&period=&format=docx|pdf, narratives. */
export function createReportsModule(core: CoreDeps): Module {
  return { name: 'reports', consoleRoutes: reportsConsoleRoutes(core) };
}
