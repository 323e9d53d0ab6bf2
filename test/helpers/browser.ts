import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../src/lib/chromium.ts';

/** Newest modification time under a directory. */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = path.join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
}

/**
 * Builds the console and the mini-app when their sources or words changed since the last build. Called once from
 * the global setup, so two browser test files never build into the same folder at once.
 */
export function buildWebIfStale(): void {
  const words = newest(path.resolve('content/locales'));
  for (const workspace of ['admin', 'miniapp']) {
    const index = path.resolve(workspace, 'dist/index.html');
    const sources = Math.max(newest(path.resolve(workspace, 'src')), words);
    if (existsSync(index) && statSync(index).mtimeMs > sources) continue;
    execFileSync('npm', ['run', 'build', '-w', workspace], { stdio: 'ignore', timeout: 300_000 });
  }
}

export interface BrowserHarness {
  browser: Browser;
  /** http://127.0.0.1:<port> of the app under test. */
  base: string;
  /** Where this file's screenshots go (kept as test artefacts). */
  artifacts: string;
  close(): Promise<void>;
}

/** Serves an Express app on a free loopback port and opens headless Chromium against it. */
export async function openBrowser(
  app: { listen(port: number, host: string): Server },
  artifactsName: string,
): Promise<BrowserHarness> {
  const artifacts = path.resolve('test-artifacts', artifactsName);
  mkdirSync(artifacts, { recursive: true });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    browser,
    base,
    artifacts,
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
