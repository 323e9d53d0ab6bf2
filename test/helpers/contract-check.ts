import type { Express, Request } from 'express';
import { errorEnvelope, routes, type RouteContract } from '@cchc/contract';

/** One answer that did not match the shared contract (contract/), with zod's account of why. */
export interface ContractViolation {
  route: string;
  status: number;
  problem: string;
}

const table: Record<string, RouteContract> = routes;

/**
 * Checks every JSON answer of the app against the shared contract while the tests run: a success answer of a
 * contract route must parse with its response schema (and the body it accepted with its request schema); every
 * 4xx/5xx JSON answer must be the error envelope. Hooks `res.json` on this app only, so the app itself is unchanged.
 */
export function checkContract(app: Express): ContractViolation[] {
  const violations: ContractViolation[] = [];
  const response = app.response as { json(this: Express['response'], body: unknown): unknown };
  const json = response.json;
  response.json = function (this: Express['response'] & { req: Request }, body: unknown) {
    const violation = check(this.req, this.statusCode, body);
    if (violation) violations.push(violation);
    return json.call(this, body);
  };
  return violations;
}

function check(req: Request, status: number, body: unknown): ContractViolation | undefined {
  const route = `${req.method} ${req.baseUrl}${typeof req.route?.path === 'string' ? req.route.path : ''}`;
  // What the client receives: Dates as ISO strings, undefined fields dropped.
  const sent: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  if (status >= 400 && req.originalUrl.startsWith('/api/')) {
    const parsed = errorEnvelope.safeParse(sent);
    return parsed.success ? undefined : { route, status, problem: parsed.error.message };
  }
  if (status >= 400) return undefined;
  const contract = table[route];
  if (!contract) return undefined;
  const parsed = contract.response.safeParse(sent);
  if (!parsed.success) return { route, status, problem: parsed.error.message };
  // zod drops keys a schema does not name, so a schema missing a field would pass: name what it dropped.
  const dropped = droppedKeys(sent, parsed.data);
  if (dropped.length > 0)
    return { route, status, problem: `fields not in the contract: ${dropped.join(', ')}` };
  if (contract.request && req.body !== undefined) {
    const accepted = contract.request.safeParse(req.body);
    if (!accepted.success) return { route, status, problem: `request: ${accepted.error.message}` };
  }
  return undefined;
}

/** Paths of object keys present in what was sent but absent from what the schema kept (first 5). */
export function droppedKeys(sent: unknown, kept: unknown, at = '$'): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (out.length >= 5 || a === null || typeof a !== 'object' || b === null || typeof b !== 'object') return;
    if (Array.isArray(a)) {
      if (Array.isArray(b)) a.forEach((x, i) => walk(x, b[i], `${path}[${i}]`));
      return;
    }
    const keptObject = b as Record<string, unknown>;
    for (const [key, value] of Object.entries(a as Record<string, unknown>)) {
      if (!(key in keptObject)) out.push(`${path}.${key}`);
      else walk(value, keptObject[key], `${path}.${key}`);
    }
  };
  walk(sent, kept, at);
  return out;
}
