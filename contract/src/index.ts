/**
 * The API contract between the server and its two front ends (admin/, miniapp/). Front ends import types only
 * (`import type`), so no zod reaches their bundles; the server's tests check its answers against these schemas.
 */
export * from './common.ts';
export * from './errors.ts';
export * as consoleAuth from './console/auth.ts';
export * as consoleBroadcasts from './console/broadcasts.ts';
export * as consoleFaq from './console/faq.ts';
export * as consolePeople from './console/people.ts';
export * as consolePlan from './console/plan.ts';
export * as consoleReference from './console/reference.ts';
export * as consoleReports from './console/reports.ts';
export * as miniapp from './miniapp.ts';
export * as quiz from './quiz.ts';
export * as surveys from './surveys.ts';
export { routes, type RouteContract, type RouteKey, type ResponseOf } from './routes.ts';
