import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrainingCorpora } from '../../src/faq/corpora.ts';
import { loadKnowledgeBaseSync } from '../../src/faq/knowledge-base.ts';
import fc from 'fast-check';
import {
  afterFirstBreak,
  smallTalkWins,
  TrainedMatcher,
  type RawScores,
} from '../../src/faq/trained-matcher.ts';

// Short real questions in everyday words, written for this test (none is a variant or a small-talk example): the
// classifier spreads them over several topics, and small talk used to win against the best topic alone.
const QUESTIONS = [
  'ghi tên con vô sổ',
  'ghi ten con vo so',
  'đăng ký cho con đi học',
  'làm lại giấy tờ nhà',
  'hỏi vụ bảo hiểm của má',
  'xin cho con vô học lớp một',
  'làm lại cái thẻ',
  'nhà em mới xây xin giấy gì',
  'dạ cho em hỏi làm lại giấy khai sinh',
  'chào ad, cho hỏi đổi bằng lái',
  'cảm ơn, còn vụ bảo hiểm thì sao',
  'how do I put my child on the school list',
];
const SMALL_TALK: [string, string][] = [
  ['dạ', 'ack'],
  ['ok cảm ơn ad', 'thanks'],
  ['chào buổi sáng', 'greeting'],
  ['bạn là người hay máy', 'human_or_bot'],
  ['cám ơn nha', 'thanks'],
  ['tạm biệt', 'goodbye'],
  ['bot ngu quá', 'insult'],
  ['thank you', 'thanks'],
  ['សូមអរគុណ', 'thanks'],
  ['hi', 'greeting'],
];

describe('small talk against the topics', () => {
  const contentDir = path.resolve('content');
  const matcher = new TrainedMatcher(
    loadKnowledgeBaseSync({ contentDir }).topics,
    loadTrainingCorpora({ contentDir }),
  );

  it.each(QUESTIONS)('"%s" is a question, not small talk', (q) => {
    expect(matcher.match(q).kind).not.toBe('smalltalk');
  });

  it.each(SMALL_TALK)('"%s" is small talk (%s)', (q, intent) => {
    const r = matcher.match(q);
    expect(r.kind).toBe('smalltalk');
    expect(r.intent).toBe(intent);
  });

  it('reads what follows a pleasantry: "cảm ơn, còn …" is the question after the comma', () => {
    expect(afterFirstBreak('cảm ơn, còn vụ bảo hiểm thì sao')).toBe('còn vụ bảo hiểm thì sao');
    expect(afterFirstBreak('ok, thanks')).toBeUndefined(); // one word after the break: nothing to read
    expect(matcher.match('ok, cảm ơn ad').kind).toBe('smalltalk'); // small talk after the break stays small talk
    expect(afterFirstBreak('cảm ơn nhiều')).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '.', '?', '\n', 'ả') }), (text) => {
        const rest = afterFirstBreak(text);
        if (rest === undefined) return;
        expect(text.includes(rest)).toBe(true);
        expect(rest.split(/\s+/u).length).toBeGreaterThanOrEqual(2);
        expect(rest.length).toBeLessThan(text.trim().length);
      }),
    );
  });

  it('needs more than the best topic: a share of all topics together', () => {
    // Topics 0..2, out of scope, two small-talk intents. Small talk (0.3) beats each topic (0.2) and out of scope, but
    // not 0.6 × the topics' 0.6 together.
    const raw = (probs: number[]): RawScores => ({
      probs: Float64Array.from(probs),
      lang: 'vi',
      lexical: { topicId: null, confidence: 0, band: 'low', suggestions: [], ranked: [] },
    });
    const m = (probs: number[]) => ({
      smallTalkBest: 4,
      smallTalkP: probs[4]! + probs[5]!,
      oosP: probs[3]!,
      topicP: probs[0]! + probs[1]! + probs[2]!,
      order: [0, 1, 2],
    });
    const spread = [0.2, 0.2, 0.2, 0.1, 0.2, 0.1];
    expect(smallTalkWins(m(spread), raw(spread), 0)).toBe(true);
    expect(smallTalkWins(m(spread), raw(spread), 0.6)).toBe(false);
    const chat = [0.05, 0.05, 0.05, 0.05, 0.7, 0.1];
    expect(smallTalkWins(m(chat), raw(chat), 0.6)).toBe(true);
  });
});
