import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Another live process holds the PGlite directory: PGlite has no locking of its own, and two writers corrupt it. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${pid} (a running server?). ` +
        'Stop it first, or use the console at /admin while it runs.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** Releases the lock; safe to call twice. */
export type ReleaseLock = () => void;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(lockDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the PGlite directory for this process: `mkdir` is atomic, so of two processes starting together only one
 * gets the lock. A lock left by a process that died (kill -9, power loss) is taken over at once, since the owner's
 * pid no longer answers; a pid-based lock fits because PGlite's directory is only ever on this machine.
 */
export function lockDataDir(dataDir: string): ReleaseLock {
  mkdirSync(dataDir, { recursive: true });
  const lockDir = path.join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (ownerOf(lockDir) === process.pid) rmSync(lockDir, { recursive: true, force: true });
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = ownerOf(lockDir);
      if (owner === process.pid) throw new DataDirLockedError(dataDir, owner);
      if (owner !== undefined && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
      if (owner === undefined && attempt === 0) {
        // The owner may be between mkdir and writing its pid: look once more before calling it stale.
        sleepSync(50);
        continue;
      }
      // Stale: move it aside atomically (only one of two racing processes succeeds), then retry.
      const aside = `${lockDir}.stale-${process.pid}-${attempt}`;
      try {
        renameSync(lockDir, aside);
        rmSync(aside, { recursive: true, force: true });
      } catch {
        /* another process moved it first */
      }
    }
  }
  throw new DataDirLockedError(dataDir, ownerOf(lockDir) ?? 0);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
