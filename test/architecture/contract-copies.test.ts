// The front ends take the API's types from the shared contract (contract/, issue 15): a hand-written copy of a
// server answer drifts from it unnoticed, so these checks fail when one appears.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FRONT_ENDS = ['admin/src', 'miniapp/src'];

/** TypeScript files under a repository folder, as repository paths with forward slashes. */
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => `${dir}/${f.split(path.sep).join('/')}`)
    .filter((f) => /\.tsx?$/.test(f) && !f.includes('/node_modules/'));
}
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The names a contract file gives its shapes: exported types and interfaces, and the exported schemas as a type
 * would be named after them (`followerPage` → `FollowerPage`).
 */
export function contractNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^export (?:type|interface) ([A-Z]\w*)/gm)) names.add(m[1]!);
  for (const m of text.matchAll(
    /^export const ([a-z]\w*)\s*=\s*(?:z\.|\w+\.extend\(|\w+\.omit\(|itemsOf\()/gm,
  ))
    names.add(pascal(m[1]!));
  return names;
}

/** Types a front-end file declares itself (`interface X`, `type X =`), with their line; re-exports are not declarations. */
export function declaredTypes(text: string): { name: string; line: number }[] {
  return [
    ...text.matchAll(
      /^[ \t]*(?:export[ \t]+)?(?:interface[ \t]+([A-Z]\w*)|type[ \t]+([A-Z]\w*)\s*(?:<[^>]*>)?\s*=)/gm,
    ),
  ].map((m) => ({ name: (m[1] ?? m[2])!, line: text.slice(0, m.index).split('\n').length }));
}

/** Object types written inline as the answer of an API call: `useApi<{ items: X[] }>(…)`, `api<{ … }>(…)`. */
export function inlineAnswerTypes(text: string): number[] {
  return [...text.matchAll(/\b(?:api|useApi|optional)<\s*\{/g)].map(
    (m) => text.slice(0, m.index).split('\n').length,
  );
}

const contract = new Set(sources('contract/src').flatMap((f) => [...contractNames(read(f))]));

describe('front-end copies of the API contract', () => {
  const files = FRONT_ENDS.flatMap(sources);

  it('sees the contract and both front ends', () => {
    // Guards against a broken scan passing vacuously.
    expect(contract.has('Dashboard')).toBe(true);
    expect(contract.has('PlanRow')).toBe(true);
    expect(contract.has('FollowerPage')).toBe(true);
    expect(files).toContain('admin/src/pages/DashboardPage.tsx');
    expect(files).toContain('miniapp/src/pages/Home.tsx');
  });

  it('no front-end file declares a type named like a contract shape (import it from @cchc/contract)', () => {
    const copies = files.flatMap((file) =>
      declaredTypes(read(file))
        .filter((d) => contract.has(d.name))
        .map((d) => `${file}:${d.line} ${d.name}`),
    );
    expect(copies).toEqual([]);
  });

  it('no API call spells its answer as an inline object type (name the contract type instead)', () => {
    const inline = files.flatMap((file) => inlineAnswerTypes(read(file)).map((line) => `${file}:${line}`));
    expect(inline).toEqual([]);
  });
});

describe('the copy detectors', () => {
  it('find a re-declared contract shape and an inline answer type, not re-exports or UI types', () => {
    const page = [
      "export type { TopicList } from '@cchc/contract/console/faq';",
      'interface Props { id: string }',
      'interface Dashboard {',
      '  followers: number | null;',
      '}',
      'type Rollup<T> = { units: T[] };',
      "const list = useApi<{ items: Question[]; total: number }>('/unanswered');",
      "const view = useApi<MonthView>('/plan/2026/months/1');",
    ].join('\n');
    expect(declaredTypes(page).map((d) => d.name)).toEqual(['Props', 'Dashboard', 'Rollup']);
    expect(declaredTypes(page).map((d) => d.line)).toEqual([2, 3, 6]);
    expect(inlineAnswerTypes(page)).toEqual([7]);
  });

  it('names a contract file’s shapes by their types and by their schemas', () => {
    const file = [
      'export const followerPage = z.object({ items: z.array(follower) });',
      'export const areaStats = deliveryCounts.extend({ areaName: z.string() });',
      'export type Follower = z.infer<typeof follower>;',
      'export function parsePeriodKey(key: string) {}',
    ].join('\n');
    expect([...contractNames(file)].sort()).toEqual(['AreaStats', 'Follower', 'FollowerPage']);
  });
});
