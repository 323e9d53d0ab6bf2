import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run faq:ask -- --json', () => {
  it('prints one JSON line per question with the old fields plus lang and kind', async () => {
    const child = run('npx', ['tsx', 'scripts/faq-ask.ts', '--json'], { timeout: 110_000 });
    child.child.stdin!.end(
      'quên mật khẩu vneid thì làm sao\nhow do I renew my driving licence\nxin chào\ngiá vàng hôm nay\n',
    );
    const { stdout } = await child;
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    for (const l of lines)
      expect(Object.keys(l).sort()).toEqual([
        'confidence',
        'kind',
        'lang',
        'question',
        'suggestions',
        'topicId',
      ]);
    expect(lines[0]).toMatchObject({ topicId: 'vneid-password', kind: 'answer', lang: 'vi' });
    expect(lines[1]).toMatchObject({ topicId: 'driver-license-renew', kind: 'answer', lang: 'en' });
    expect(lines[2]).toMatchObject({ topicId: null, kind: 'smalltalk' });
    expect(lines[3]).toMatchObject({ topicId: null, kind: 'abstain' });
  }, 120_000);
});
