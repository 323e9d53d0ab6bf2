/**
 * Builds the console and the mini-app only when their sources changed since the last build, so that a warm
 * `npm start` reaches /health in seconds; a fresh clone (no dist/) builds both. `npm run build:web` always builds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time of a file or of anything under a directory (0 when absent). */
function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(p).reduce((max, name) => Math.max(max, newest(path.join(p, name))), stat.mtimeMs);
}

/** What a workspace's bundle is built from: its sources, page, build config, the shared contract and words. */
function sourcesOf(workspace: string): string[] {
  const dir = path.join(root, workspace);
  return [
    path.join(dir, 'src'),
    path.join(dir, 'index.html'),
    path.join(dir, 'vite.config.ts'),
    path.join(dir, 'package.json'),
    path.join(root, 'contract/src'),
    path.join(root, 'content/locales'),
  ];
}

/** The workspaces whose dist/ is missing or older than a source. */
export function staleWorkspaces(workspaces = ['admin', 'miniapp']): string[] {
  return workspaces.filter((workspace) => {
    const built = path.join(root, workspace, 'dist/index.html');
    if (!existsSync(built)) return true;
    return Math.max(...sourcesOf(workspace).map(newest)) > statSync(built).mtimeMs;
  });
}

/** Builds what is stale; returns the workspaces it built. */
export function buildWebIfStale(options: { quiet?: boolean } = {}): string[] {
  const stale = staleWorkspaces();
  for (const workspace of stale) {
    execFileSync('npm', ['run', 'build', '-w', workspace], {
      cwd: root,
      stdio: options.quiet ? 'ignore' : 'inherit',
      timeout: 300_000,
    });
  }
  return stale;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = buildWebIfStale();
  console.log(built.length ? `built: ${built.join(', ')}` : 'console and mini-app are up to date: no build');
}
