import type { ErrorEnvelope, FieldProblem } from '@cchc/contract';

/** Thin fetch wrapper for /api/console: JSON in and out, the CSRF header on every state-changing call. */

let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

/** An error answer from the server, with its Vietnamese message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
    /** Machine-readable facts about the error (e.g. who saved first, for a 409). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Called on 401 so the app can go back to the login page. */
let onUnauthorized: ((reason: string) => void) | undefined;
export function setUnauthorizedHandler(fn: (reason: string) => void) {
  onUnauthorized = fn;
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; query?: Record<string, unknown> } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const url = new URL(`/api/console${path}`, window.location.origin);
  for (const [k, v] of Object.entries(init.query ?? {}))
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    // The error envelope of the contract; a 401 says why in `details.reason` (expired, idle, missing).
    const err: Partial<ErrorEnvelope['error']> = (data as Partial<ErrorEnvelope>).error ?? {};
    const details = err.details as ({ reason?: string } & Record<string, unknown>) | undefined;
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthorized?.(details?.reason ?? 'missing');
    throw new ApiError(
      res.status,
      err.code ?? 'error',
      err.message ?? 'Đã có lỗi xảy ra.',
      err.fields,
      details,
    );
  }
  return data as T;
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = err.fields?.map((f) => f.message).join(' ');
    return fields ? `${err.message} ${fields}` : err.message;
  }
  return 'Không kết nối được máy chủ. Vui lòng thử lại.';
}
