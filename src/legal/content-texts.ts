import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { listFiles } from '../lib/yaml-files.ts';

/**
 * Every text the product shows or cites, with where it lives and the day it speaks for. FAQ answers, quiz bank
 * questions and locale strings speak for today. A survey speaks for its period (the earlier of today and its last
 * day) and a contest for its run (the earlier of today and its end), so a 2025 survey may cite what was law in 2025.
 *
 * FAQ `variants` are citizens' ways of asking, not statements, so they are not scanned.
 */
export interface ContentText {
  file: string;
  place: string;
  text: string;
  asOf: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const dayOf = (v: unknown): string | undefined =>
  v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v.slice(0, 10) : undefined;
const earlier = (a: string, b: string | undefined) => (b && b < a ? b : a);

async function yamlOf(file: string): Promise<unknown> {
  return parse(await readFile(file, 'utf8'));
}

export async function faqTexts(dir: string, today: string): Promise<ContentText[]> {
  const out: ContentText[] = [];
  for (const file of await listFiles(path.join(dir, 'faq'), ['.md'])) {
    const text = (await readFile(file, 'utf8')).normalize('NFC');
    const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
    if (!m) continue; // FORMAT.md and other notes; the FAQ loader refuses real topic files without front matter
    const fm = parse(m[1]!) as Obj;
    const add = (place: string, t: unknown) => {
      const s = str(t);
      if (s) out.push({ file, place, text: s, asOf: today });
    };
    add('answer', m[2]);
    for (const key of ['title', 'title_km', 'title_en', 'answer_km', 'answer_en']) add(key, fm[key]);
    (Array.isArray(fm.keywords) ? fm.keywords : []).forEach((k, i) => add(`keywords[${i}]`, k));
    (Array.isArray(fm.sources) ? fm.sources : []).forEach(
      (s, i) => isObj(s) && add(`sources[${i}]`, s.label),
    );
    if (isObj(fm.link)) add('link.label', fm.link.label);
  }
  return out;
}

export async function quizTexts(dir: string, today: string): Promise<ContentText[]> {
  const out: ContentText[] = [];
  for (const file of await listFiles(path.join(dir, 'quiz', 'banks'), ['.yaml', '.yml'])) {
    const bank = (await yamlOf(file)) as Obj;
    for (const q of Array.isArray(bank.questions) ? bank.questions : []) {
      if (!isObj(q)) continue;
      const at = `questions[${String(q.id)}]`;
      for (const key of ['text', 'explanation', 'source'])
        if (str(q[key])) out.push({ file, place: `${at}.${key}`, text: String(q[key]), asOf: today });
      (Array.isArray(q.options) ? q.options : []).forEach((o, i) => {
        if (str(o)) out.push({ file, place: `${at}.options[${i}]`, text: String(o), asOf: today });
      });
    }
  }
  for (const file of await listFiles(path.join(dir, 'quiz', 'campaigns'), ['.yaml', '.yml'])) {
    const c = (await yamlOf(file)) as Obj;
    const asOf = earlier(today, dayOf(c.endsAt));
    const add = (place: string, t: unknown) => str(t) && out.push({ file, place, text: String(t), asOf });
    for (const key of ['title', 'source', 'rules', 'consentText']) add(key, c[key]);
    if (isObj(c.prediction)) add('prediction.text', c.prediction.text);
  }
  return out;
}

/** Walks a survey definition: every localized text (title, consent, questions, options, scale labels) and source. */
export async function surveyTexts(dir: string, today: string): Promise<ContentText[]> {
  const out: ContentText[] = [];
  for (const file of await listFiles(path.join(dir, 'surveys'), ['.yaml', '.yml'])) {
    const def = (await yamlOf(file)) as Obj;
    const asOf = earlier(today, isObj(def.period) ? dayOf(def.period.to) : undefined);
    const walk = (value: unknown, place: string) => {
      if (typeof value === 'string') {
        if (value.trim()) out.push({ file, place, text: value, asOf });
      } else if (Array.isArray(value))
        value.forEach((v, i) => walk(v, `${place}[${isObj(v) && v.id ? String(v.id) : i}]`));
      else if (isObj(value))
        for (const [k, v] of Object.entries(value))
          if (!['id', 'type', 'correct', 'showIf', 'period', 'population'].includes(k))
            walk(v, place ? `${place}.${k}` : k);
    };
    walk(def, '');
  }
  return out;
}

/** Every string of content/locales/<lang>/*.json, placed by its key path. */
export async function localeTexts(dir: string, today: string): Promise<ContentText[]> {
  const out: ContentText[] = [];
  const root = path.join(dir, 'locales');
  const langs = await listDirs(root);
  for (const lang of langs)
    for (const file of await listFiles(path.join(root, lang), ['.json'])) {
      const walk = (value: unknown, place: string) => {
        if (typeof value === 'string') out.push({ file, place, text: value, asOf: today });
        else if (isObj(value))
          for (const [k, v] of Object.entries(value)) walk(v, place ? `${place}.${k}` : k);
        else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${place}[${i}]`));
      };
      walk(JSON.parse(await readFile(file, 'utf8')), '');
    }
  return out;
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

export async function allContentTexts(dir: string, today: string): Promise<ContentText[]> {
  const parts = await Promise.all([
    faqTexts(dir, today),
    quizTexts(dir, today),
    surveyTexts(dir, today),
    localeTexts(dir, today),
  ]);
  return parts.flat();
}
