import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allowedMessageKind } from './followers.policy.ts';

const config = { FREE_REPLY_WINDOW_HOURS: 48, FREE_REPLY_LIMIT: 8 };
const last = new Date('2025-06-01T00:00:00Z');
const at = (ms: number) => new Date(last.getTime() + ms);
const H = 3_600_000;

describe('allowedMessageKind', () => {
  it('allows cs inside the window while replies are left', () => {
    expect(allowedMessageKind({ lastInteractionAt: last, freeRepliesUsed: 0 }, last, config)).toBe('cs');
    expect(allowedMessageKind({ lastInteractionAt: last, freeRepliesUsed: 7 }, at(48 * H - 1), config)).toBe(
      'cs',
    );
  });

  it('closes the window exactly at 48 h and after the 8th reply', () => {
    expect(
      allowedMessageKind({ lastInteractionAt: last, freeRepliesUsed: 0 }, at(48 * H), config),
    ).toBeNull();
    expect(allowedMessageKind({ lastInteractionAt: last, freeRepliesUsed: 8 }, at(1), config)).toBeNull();
    expect(
      allowedMessageKind({ lastInteractionAt: last, freeRepliesUsed: 8 }, at(1), config, 'transaction'),
    ).toBe('transaction');
    expect(
      allowedMessageKind({ lastInteractionAt: last, freeRepliesUsed: 0 }, at(49 * H), config, 'promotion'),
    ).toBe('promotion');
  });

  it('never allows cs to someone who never wrote, nor before they wrote', () => {
    expect(allowedMessageKind({ lastInteractionAt: null, freeRepliesUsed: 0 }, last, config)).toBeNull();
    expect(allowedMessageKind({ lastInteractionAt: last, freeRepliesUsed: 0 }, at(-1), config)).toBeNull();
  });

  it('follows the configured window and limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 720 }),
        fc.nat(20),
        fc.nat(20),
        fc.integer({ min: 0, max: 800 * H }),
        (w, lim, used, age) => {
          const c = { FREE_REPLY_WINDOW_HOURS: w, FREE_REPLY_LIMIT: lim };
          const kind = allowedMessageKind(
            { lastInteractionAt: last, freeRepliesUsed: used },
            at(age),
            c,
            'transaction',
          );
          expect(kind).toBe(age < w * H && used < lim ? 'cs' : 'transaction');
        },
      ),
    );
  });
});
