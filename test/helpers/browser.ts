import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../src/lib/chromium.ts';
export { buildWebIfStale } from '../../scripts/build-web-if-stale.ts';

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
