import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createTestApp } from './helpers/app.ts';
import { ContentLoadError } from '../src/app/load-content.ts';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A copy of content/ whose plan file is not valid: an item without its required fields. */
async function contentWithBrokenPlan(): Promise<{ dir: string; planFile: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cchc-content-'));
  dirs.push(dir);
  await cp('content', dir, { recursive: true });
  const planFile = path.join(dir, 'plan', '2025.yaml');
  const text = await readFile(planFile, 'utf8');
  await writeFile(planFile, text.replace(/^items:\s*$/m, 'items:\n  - no: not-a-number\n'), 'utf8');
  return { dir, planFile };
}

/** Starts src/main.ts and resolves with its exit code and output; fails if it ever listens. */
async function start(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cchc-start-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(30_000 + Math.floor(Math.random() * 20_000)),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out };
}

describe('content at start-up', () => {
  it('a broken plan file fails the app’s loader with its path and problem', async () => {
    const { dir, planFile } = await contentWithBrokenPlan();
    const app = await createTestApp({ config: { CONTENT_DIR: dir } });
    try {
      const err = await app.loadContent().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContentLoadError);
      expect((err as ContentLoadError).loader).toBe('plan');
      expect((err as Error).message).toContain(planFile);
    } finally {
      await app.close();
    }
  });

  it.each(['0', '1'])(
    'a broken plan file stops start-up with its path before listening (JOBS=%s)',
    { timeout: 180_000 },
    async (jobs) => {
      const { dir, planFile } = await contentWithBrokenPlan();
      const { code, out } = await start({ CONTENT_DIR: dir, JOBS: jobs });
      expect(code).toBe(1);
      expect(out).toContain(planFile);
      expect(out).not.toMatch(/listening on/);
    },
  );
});
