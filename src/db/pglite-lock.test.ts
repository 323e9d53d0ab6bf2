import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataDirLockedError, lockDataDir } from './pglite-lock.ts';

const freshDir = () => mkdtempSync(path.join(tmpdir(), 'cchc-lock-'));

/** A pid that surely belongs to no live process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('lockDataDir', () => {
  it('refuses a second holder while the first lives, and frees the directory on release', () => {
    const dir = freshDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    expect(existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
    lockDataDir(dir)();
  });

  it('takes over a lock left by a process that died', () => {
    const dir = freshDir();
    mkdirSync(path.join(dir, 'pglite.lock'));
    writeFileSync(path.join(dir, 'pglite.lock', 'pid'), String(deadPid()));
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
  });

  it('names the live owner in its error', () => {
    const dir = freshDir();
    mkdirSync(path.join(dir, 'pglite.lock'));
    // pid 1 is always alive (init): another live owner.
    writeFileSync(path.join(dir, 'pglite.lock', 'pid'), '1');
    expect(() => lockDataDir(dir)).toThrow(/process 1/);
  });
});
