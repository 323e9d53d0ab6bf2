import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.ts';
import { itemStatuses } from './broadcasts.schema.ts';
import { canTransition, nextStatus } from './workflow.ts';

describe('workflow', () => {
  it('follows the happy path draft → submitted → approved → scheduled → sending → sent', () => {
    let s = nextStatus('draft', 'submit');
    expect(s).toBe('submitted');
    s = nextStatus(s, 'approve');
    expect(s).toBe('approved');
    s = nextStatus(s, 'schedule');
    expect(s).toBe('scheduled');
    s = nextStatus(s, 'start_sending');
    expect(s).toBe('sending');
    expect(nextStatus(s, 'finish')).toBe('sent');
    expect(nextStatus(s, 'finish_partly')).toBe('partly_failed');
  });

  it('sends an edited approved item back to draft', () => {
    expect(nextStatus('approved', 'edit')).toBe('draft');
    expect(nextStatus('rejected', 'edit')).toBe('draft');
  });

  it('refuses forbidden transitions with 409 and a Vietnamese message', () => {
    const forbidden: [Parameters<typeof nextStatus>[0], Parameters<typeof nextStatus>[1]][] = [
      ['draft', 'approve'],
      ['approved', 'approve'],
      ['draft', 'schedule'],
      ['submitted', 'schedule'],
      ['sent', 'edit'],
      ['sending', 'edit'],
      ['cancelled', 'schedule'],
      ['cancelled', 'submit'],
      ['sent', 'cancel'],
    ];
    for (const [from, action] of forbidden) {
      let caught: unknown;
      try {
        nextStatus(from, action);
      } catch (err) {
        caught = err;
      }
      expect(caught, `${from} --${action}-->`).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('conflict');
      expect((caught as AppError).userMessage).toMatch(/Không thể/);
    }
  });

  it('never leaves a terminal state', () => {
    const actions = [
      'edit',
      'submit',
      'approve',
      'reject',
      'schedule',
      'unschedule',
      'start_sending',
      'cancel',
    ] as const;
    for (const terminal of ['sent', 'partly_failed', 'cancelled'] as const)
      for (const a of actions) expect(canTransition(terminal, a)).toBe(false);
    expect(itemStatuses).toContain('partly_failed');
  });
});
