// Production files stay under 400 lines (STYLE.md): a file that grows past it is split along its seams.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAX_LINES = 400;
const ROOTS = ['src', 'scripts', 'admin/src', 'miniapp/src'];

/**
 * Files allowed over the limit: none since issue 15 split the last ones. Kept so an exception, if ever needed, is
 * written down; the list may only shrink (an entry back under the limit fails the test until it is removed).
 */
const STILL_TOO_LONG = new Set<string>();

/** Production TypeScript under the roots, as repository paths with forward slashes; tests excluded. */
function productionFiles(): string[] {
  return ROOTS.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .map((f) => `${dir}/${f.split(path.sep).join('/')}`)
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.includes('/node_modules/')),
  );
}

/** Lines as `wc -l` counts them, plus a last line without a newline. */
function lineCount(file: string): number {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('production file size', () => {
  const sizes = productionFiles().map((file) => ({ file, lines: lineCount(file) }));

  it('finds the production files of the server, the scripts and both front ends', () => {
    const files = sizes.map((s) => s.file);
    expect(files).toContain('src/app.ts');
    expect(files).toContain('scripts/bench-quiz.ts');
    expect(files.some((f) => f.startsWith('admin/src/') && f.endsWith('.tsx'))).toBe(true);
    expect(files.some((f) => f.startsWith('miniapp/src/') && f.endsWith('.tsx'))).toBe(true);
    expect(files.some((f) => f.endsWith('.test.ts'))).toBe(false);
  });

  it(`keeps every production file at ${MAX_LINES} lines or fewer`, () => {
    const tooLong = sizes
      .filter((s) => s.lines > MAX_LINES && !STILL_TOO_LONG.has(s.file))
      .map((s) => `${s.file}: ${s.lines} lines`);
    expect(tooLong).toEqual([]);
  });

  it('lets the allow-list only shrink: each entry exists and is still over the limit', () => {
    const stale = [...STILL_TOO_LONG].filter((f) => !sizes.some((s) => s.file === f && s.lines > MAX_LINES));
    expect(stale).toEqual([]);
  });
});
