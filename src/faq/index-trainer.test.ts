import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { lexicalFromBytes } from './index-trainer.ts';
import { loadKnowledgeBaseSync } from './knowledge-base.ts';
import { FaqMatcher } from './matcher.ts';

describe(lexicalFromBytes.name, () => {
  const topics = loadKnowledgeBaseSync({ contentDir: 'content' }).topics.slice(0, 12);

  it('gives back a lexical index that decides as the one serialised', () => {
    const built = new FaqMatcher(topics);
    const back = lexicalFromBytes(serialize(built))!;
    expect(back).toBeInstanceOf(FaqMatcher);
    for (const t of topics)
      for (const q of [t.title, ...t.variants.slice(0, 3), 'giá vàng hôm nay'])
        expect(back.match(q)).toEqual(built.match(q));
  });

  it('is undefined, not an error, for bytes that are no lexical index: the caller builds one', () => {
    expect(lexicalFromBytes(undefined)).toBeUndefined();
    expect(lexicalFromBytes(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(lexicalFromBytes(serialize({ topics: 'no' }))).toBeUndefined();
  });
});
