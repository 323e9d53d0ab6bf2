import argon2 from 'argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes): strong enough for staff logins, fast enough for a 2-core server. */
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password; with no stored hash it verifies against a dummy one, so an unknown username
 * costs the same time as a known one (no user enumeration by timing).
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('dummy-password-for-unknown-users');
  const hash = storedHash ?? (await dummyHash);
  try {
    const ok = await argon2.verify(hash, password);
    return storedHash !== undefined && ok;
  } catch {
    return false;
  }
}
