import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n } from 'i18next';
import type { Language } from '../chat/chat.types.ts';
import { loadProvince } from '../province/province.ts';

export const languages: readonly Language[] = ['vi', 'km', 'en'];
export const defaultLanguage: Language = 'vi';

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (languages as readonly string[]).includes(v);
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Reads every content/locales/<lng>/<namespace>.json; a broken file fails start-up loudly, naming the file. */
export function loadLocaleResources(localesDir: string): Resources {
  const resources: Resources = {};
  if (!existsSync(localesDir)) return resources;
  for (const lng of readdirSync(localesDir)) {
    const dir = path.join(localesDir, lng);
    if (!isLanguage(lng)) continue;
    resources[lng] = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const full = path.join(dir, file);
      try {
        resources[lng][path.basename(file, '.json')] = JSON.parse(readFileSync(full, 'utf8'));
      } catch (err) {
        throw new Error(`Cannot read translations ${full}: ${(err as Error).message}`, { cause: err });
      }
    }
  }
  return resources;
}

/**
 * A fresh i18next instance (never the global one) with every namespace loaded synchronously.
 * Vietnamese is the default and the fallback for keys missing in Khmer or English.
 */
export function createI18n(contentDir: string): i18n {
  const resources = loadLocaleResources(path.join(contentDir, 'locales'));
  const namespaces = [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))];
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: defaultLanguage,
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    ns: namespaces.length ? namespaces : ['chat'],
    defaultNS: 'chat',
    // {{province}} in any text is the province's name from content/province.yaml (one place to change it).
    interpolation: { escapeValue: false, defaultVariables: provinceVariables(contentDir) },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

/** Province values every translation may interpolate; absent province.yaml (a bare test folder) → none. */
function provinceVariables(contentDir: string): Record<string, string> {
  if (!existsSync(path.join(contentDir, 'province.yaml'))) return {};
  const p = loadProvince(contentDir);
  return { province: p.official_name, provinceShort: p.short_name, oaName: p.oa_name };
}
