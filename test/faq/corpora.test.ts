import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { normalise } from '../../src/faq/normalise.ts';

// The raw content the trained matcher learns from: English/Khmer variants in the topic files, the out-of-scope corpus
// and the small-talk corpus. The knowledge-base loader validates what it reads; this checks the rest of the content
// contract, so a broken or contradictory corpus fails here before it silently trains a worse model.
const faqDir = path.resolve('content/faq');
const khmer = /[\u1780-\u17FF]/;
// The Vietnamese normaliser does not read Khmer script (no spaces between words): Khmer text is compared as typed.
const key = (s: string) =>
  khmer.test(s) ? s.replace(/[\s?!.។៖]+/g, '') : normalise(s).bareText || s.trim().toLowerCase();

const topics = readdirSync(faqDir)
  .filter((n) => n.endsWith('.md') && !/^[A-Z][A-Z0-9-]*\.md$/.test(n))
  .map((n) => {
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(path.join(faqDir, n), 'utf8'))![1]!;
    return parse(front) as {
      id: string;
      variants: string[];
      variants_en?: string[];
      variants_km?: string[];
      km_review?: string;
      answer_en?: string;
    };
  });

const negatives = readFileSync(path.resolve('content/faq-negatives.tsv'), 'utf8')
  .replace(/\n$/, '')
  .split('\n');

const smalltalk = parse(readFileSync(path.resolve('content/smalltalk.yaml'), 'utf8')) as {
  intents: Record<
    string,
    {
      offerMenu?: boolean;
      examples: Record<'vi' | 'en' | 'km', string[]>;
      reply: Record<'vi' | 'en' | 'km', string>;
    }
  >;
};

describe('English and Khmer variants of every topic', () => {
  it('has ≥ 5 English and ≥ 3 Khmer-script variants, a review mark and an English answer', () => {
    expect(topics.length).toBeGreaterThanOrEqual(67);
    for (const t of topics) {
      expect(t.variants_en?.length ?? 0, t.id).toBeGreaterThanOrEqual(5);
      expect(t.variants_km?.length ?? 0, t.id).toBeGreaterThanOrEqual(3);
      for (const v of t.variants_km ?? []) expect(v, t.id).toMatch(khmer);
      for (const v of t.variants_en ?? []) expect(v, t.id).not.toMatch(khmer);
      expect(['needed', 'done'], t.id).toContain(t.km_review);
      expect(t.answer_en, t.id).toBeTruthy();
    }
  });

  it('never gives two topics the same question', () => {
    const owner = new Map<string, string>();
    const shared: string[] = [];
    for (const t of topics) {
      for (const v of [...t.variants, ...(t.variants_en ?? []), ...(t.variants_km ?? [])]) {
        const k = key(v);
        const seen = owner.get(k);
        if (seen && seen !== t.id) shared.push(`"${v}" is a variant of both ${seen} and ${t.id}`);
        owner.set(k, t.id);
      }
    }
    expect(shared).toEqual([]);
  });
});

describe('content/faq-negatives.tsv', () => {
  const rows = negatives.slice(1).map((l) => l.split('\t'));

  it('has the header, three fields a row, known languages, ≥ 400 rows and ≥ 100 distinct near misses', () => {
    expect(negatives[0]).toBe('text\tlang\tcategory');
    for (const r of rows) {
      expect(r, r.join('|')).toHaveLength(3);
      expect(['vi', 'en', 'km']).toContain(r[1]);
      expect(r[0]!.trim().length, r[0]).toBeGreaterThan(1);
      if (r[1] === 'km') expect(r[0]).toMatch(khmer);
    }
    expect(rows.length).toBeGreaterThanOrEqual(400);
    expect(new Set(rows.map((r) => r[0]!.toLowerCase())).size).toBe(rows.length);
    const nearMisses = new Set(rows.filter((r) => r[2] === 'near-miss').map((r) => key(r[0]!)));
    expect(nearMisses.size).toBeGreaterThanOrEqual(100);
    for (const lang of ['vi', 'en', 'km'])
      expect(
        rows.some((r) => r[1] === lang),
        lang,
      ).toBe(true);
  });

  it('contradicts neither a topic variant nor a small-talk example', () => {
    const inScope = new Set(
      topics.flatMap((t) => [...t.variants, ...(t.variants_en ?? []), ...(t.variants_km ?? [])]).map(key),
    );
    const chat = new Set(
      Object.values(smalltalk.intents).flatMap((i) => Object.values(i.examples).flat().map(key)),
    );
    for (const [text] of rows) {
      expect(inScope.has(key(text!)), text).toBe(false);
      expect(chat.has(key(text!)), text).toBe(false);
    }
  });
});

describe('content/smalltalk.yaml', () => {
  const intents = [
    'greeting',
    'thanks',
    'ack',
    'goodbye',
    'who_are_you',
    'human_or_bot',
    'complaint',
    'insult',
  ];

  it('has every intent with enough examples per language and a reply in each language', () => {
    expect(Object.keys(smalltalk.intents).sort()).toEqual([...intents].sort());
    for (const [name, intent] of Object.entries(smalltalk.intents)) {
      expect(intent.examples.vi.length, name).toBeGreaterThanOrEqual(15);
      expect(intent.examples.en.length, name).toBeGreaterThanOrEqual(5);
      expect(intent.examples.km.length, name).toBeGreaterThanOrEqual(4);
      for (const lang of ['vi', 'en', 'km'] as const) expect(intent.reply[lang]?.trim(), name).toBeTruthy();
      expect(Boolean(intent.offerMenu), name).toBe(name === 'greeting');
    }
  });

  it('lets complaints and insults reach an officer, in the words the bot understands as the officer command', () => {
    for (const name of ['complaint', 'insult']) {
      const r = smalltalk.intents[name]!.reply;
      expect(r.vi).toMatch(/gặp cán bộ/);
      expect(r.en).toMatch(/officer/);
      expect(r.km).toMatch(/ជួបមន្ត្រី/);
    }
  });

  it('gives no example to two intents', () => {
    const owner = new Map<string, string>();
    const shared: string[] = [];
    for (const [name, intent] of Object.entries(smalltalk.intents)) {
      for (const [lang, list] of Object.entries(intent.examples)) {
        for (const e of list) {
          const k = `${lang}:${key(e)}`;
          const seen = owner.get(k);
          if (seen && seen !== name)
            shared.push(`"${e}" (${lang}) is an example of both ${seen} and ${name}`);
          owner.set(k, name);
        }
      }
    }
    expect(shared).toEqual([]);
  });
});
