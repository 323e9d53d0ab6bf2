import type { AttemptStart, SubmitResult } from '@cchc/contract/quiz';

/**
 * An attempt as this phone keeps it between screens: the server's start answer plus when it arrived, so the
 * countdown can correct for the phone's clock. (The server's answer alone is `AttemptStart`.)
 */
export type StoredAttempt = AttemptStart & { receivedAt: number };

export function storeAttempt(a: AttemptStart): void {
  const stored: StoredAttempt = { ...a, receivedAt: Date.now() };
  sessionStorage.setItem(`attempt:${a.id}`, JSON.stringify(stored));
}

export function storedAttempt(id: string | undefined): StoredAttempt | undefined {
  const raw = sessionStorage.getItem(`attempt:${id}`);
  return raw ? (JSON.parse(raw) as StoredAttempt) : undefined;
}

/** The submit answer, kept for the "submitted" screen. */
export function storeResult(r: SubmitResult): void {
  sessionStorage.setItem(`result:${r.attemptId}`, JSON.stringify(r));
}

export function storedResult(id: string | undefined): SubmitResult | undefined {
  const raw = sessionStorage.getItem(`result:${id}`);
  return raw ? (JSON.parse(raw) as SubmitResult) : undefined;
}
