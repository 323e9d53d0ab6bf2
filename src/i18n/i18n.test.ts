import { describe, expect, it } from 'vitest';
import { createI18n, loadLocaleResources } from './i18n.ts';

const resources = loadLocaleResources('content/locales');

/** Every leaf string of a namespace by its dotted key. */
function leaves(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof node === 'string') out.set(prefix, node);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node))
      for (const [key, text] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(key, text);
  return out;
}

const placeholders = (text: string) =>
  [...text.matchAll(/{{\s*([\w.]+)\s*(?:,[^}]*)?}}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('give Khmer and English the same placeholders as Vietnamese wherever they translate a string', () => {
    const mismatches: string[] = [];
    for (const [ns, vi] of Object.entries(resources.vi!)) {
      const viLeaves = leaves(vi);
      for (const lng of ['km', 'en']) {
        for (const [key, text] of leaves(resources[lng]?.[ns])) {
          const source = viLeaves.get(key);
          if (source === undefined) mismatches.push(`${lng}/${ns}:${key} has no Vietnamese source`);
          else if (placeholders(source).join() !== placeholders(text).join())
            mismatches.push(`${lng}/${ns}:${key} ${placeholders(text)} vs vi ${placeholders(source)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('formats numbers the Vietnamese way in Vietnamese', () => {
    const i18n = createI18n('content');
    expect(i18n.t('quiz:quiz.predictionHint', { min: 0, max: 1_000_000 })).toBe(
      'Nhập một số nguyên từ 0 đến 1.000.000.',
    );
    expect(i18n.t('quiz:quiz.predictionHint', { lng: 'en', min: 0, max: 1_000_000 })).toBe(
      'Enter a whole number from 0 to 1,000,000.',
    );
  });
});
