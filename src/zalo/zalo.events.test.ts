import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eventDedupeKey, eventUserId, parseZaloEvent } from './zalo.events.ts';

const text = {
  app_id: '1',
  sender: { id: 'u1' },
  recipient: { id: 'oa' },
  event_name: 'user_send_text',
  message: { text: 'xin chào', msg_id: 'm1' },
  timestamp: '1748829600000',
  user_id_by_app: 'x',
};

describe('parseZaloEvent', () => {
  it('parses a text event and keys it by msg_id', () => {
    const e = parseZaloEvent(text);
    expect(e.known).toBe(true);
    expect(eventUserId(e)).toBe('u1');
    expect(eventDedupeKey(e)).toBe('msg:user_send_text:m1');
  });

  it('parses follow/unfollow by follower.id and keys them by name, user and timestamp', () => {
    const e = parseZaloEvent({
      event_name: 'follow',
      follower: { id: 'u2' },
      timestamp: 1748829600000,
      oa_id: 'oa',
    });
    expect(eventUserId(e)).toBe('u2');
    expect(eventDedupeKey(e)).toBe('evt:follow:u2:1748829600000');
    const u = parseZaloEvent({ event_name: 'unfollow', follower: { id: 'u2' }, timestamp: '1748829600001' });
    expect(eventDedupeKey(u)).not.toBe(eventDedupeKey(e));
  });

  it('reads receipts with the citizen as recipient and keys them by citizen and message ids', () => {
    const seen = (user: string, ids: string[]) =>
      parseZaloEvent({
        event_name: 'user_seen_message',
        sender: { id: 'oa' },
        recipient: { id: user },
        message: { msg_ids: ids },
        timestamp: '1748829600000',
      });
    const a = seen('u1', ['m2', 'm1']);
    expect(eventUserId(a)).toBe('u1');
    expect(eventDedupeKey(a)).toBe('rcpt:user_seen_message:u1:m1,m2');
    expect(eventDedupeKey(seen('u2', ['m1', 'm2']))).not.toBe(eventDedupeKey(a)); // same ms, other citizen
    expect(eventDedupeKey(seen('u1', ['m3']))).not.toBe(eventDedupeKey(a)); // same ms, other message
    expect(eventDedupeKey(seen('u1', ['m1', 'm2']))).toBe(eventDedupeKey(a)); // a redelivery
    const received = parseZaloEvent({
      event_name: 'user_received_message',
      sender: { id: 'oa' },
      recipient: { id: 'u1' },
      message: { msg_id: 'm9' },
      timestamp: '1748829600000',
    });
    expect(eventDedupeKey(received)).toBe('rcpt:user_received_message:u1:m9');
    expect(() =>
      parseZaloEvent({ event_name: 'user_seen_message', sender: { id: 'oa' }, timestamp: '1' }),
    ).toThrow(); // no recipient: nobody to credit
  });

  it('parses user_submit_info', () => {
    const e = parseZaloEvent({
      event_name: 'user_submit_info',
      sender: { id: 'u3' },
      info: { name: 'Lê Văn A', phone: 84912345678 },
      timestamp: '1',
    });
    expect(e.known && e.event_name === 'user_submit_info' && e.info.phone).toBe('84912345678');
  });

  it('keeps unknown events in a generic shape', () => {
    const e = parseZaloEvent({
      event_name: 'user_reacted_message',
      sender: { id: 'u4' },
      timestamp: '5',
      x: 1,
    });
    expect(e.known).toBe(false);
    expect(eventUserId(e)).toBe('u4');
    expect(eventDedupeKey(e)).toBe('evt:user_reacted_message:u4:5');
  });

  it('refuses bodies that are not events, and known events missing their fields', () => {
    expect(() => parseZaloEvent({})).toThrow();
    expect(() => parseZaloEvent([])).toThrow();
    expect(() => parseZaloEvent({ event_name: 'user_send_text', timestamp: '1' })).toThrow();
    expect(() =>
      parseZaloEvent({ event_name: 'follow', timestamp: 'yesterday', follower: { id: 'a' } }),
    ).toThrow();
  });

  it('never throws anything but a validation error on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          parseZaloEvent(v);
        } catch (err) {
          expect((err as Error).name).toBe('ZodError');
        }
      }),
    );
  });
});
