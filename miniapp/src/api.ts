import type { ErrorEnvelope, FieldProblem } from '@cchc/contract';

/** Backend base URL: same origin when served by the backend (/miniapp), the backend's URL when deployed on Zalo. */
const base = (import.meta.env.VITE_API_BASE as string | undefined)?.replace(/\/$/, '') ?? '';

let token: string | undefined = sessionStorage.getItem('miniapp_token') ?? undefined;

export function setToken(t: string | undefined) {
  token = t;
  if (t) sessionStorage.setItem('miniapp_token', t);
  else sessionStorage.removeItem('miniapp_token');
}
export const hasToken = () => Boolean(token);

/** An error the backend explained, in the person's words (Vietnamese from the server). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: 'include',
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    type Fields = FieldProblem[];
    const e = (data as Partial<ErrorEnvelope> | undefined)?.error;
    // A zod 400 carries `fields`; a service's AppError may carry the same list as `details` (survey answers).
    const details = Array.isArray(e?.details)
      ? (e.details as Fields)
      : (e?.details as { fields?: Fields } | undefined)?.fields;
    throw new ApiError(res.status, e?.message ?? res.statusText, e?.fields ?? details ?? []);
  }
  return data as T;
}

/**
 * The API's types come from the shared contract (contract/src, `@cchc/contract`): the same zod schemas the
 * server's tests check its answers against, so a field the server renames breaks this build, not a screen.
 */
