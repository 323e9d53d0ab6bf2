import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listFiles } from '../../src/lib/yaml-files.ts';

/**
 * The prediction is scored against the number of submitted attempts in the round (countSubmissions: every submit
 * counts, a person may submit up to attemptsPerRound times). A question that asks for "people" would be scored
 * against a different number than the one people guess, so every campaign must ask for submissions.
 */
describe('contest prediction wording', () => {
  it('asks for the number of submitted papers, as the rule scores it', async () => {
    const files = await listFiles('content/quiz/campaigns', ['.yaml']);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const c = parse(await readFile(file, 'utf8')) as { prediction?: { text: string }; rules: string };
      if (!c.prediction) continue;
      const text = c.prediction.text.toLowerCase();
      expect(text, file).toContain('bài thi được nộp');
      expect(text, file).not.toMatch(/người tham gia|bao nhiêu người/);
      expect(c.rules.toLowerCase(), file).not.toContain('dự đoán số lượt tham gia');
    }
  });
});
