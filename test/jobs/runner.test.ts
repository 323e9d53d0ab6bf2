import { describe, expect, it } from 'vitest';
import { JobWake, type JobDefinition } from '../../src/jobs/job.ts';
import { createJobRunner } from '../../src/jobs/runner.ts';
import { createLogger } from '../../src/logger.ts';
import { CapturedLogs, createTestApp, testConfig } from '../helpers/app.ts';
import { createApp } from '../../src/app.ts';
import { createTestDatabase } from '../helpers/db.ts';

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('createJobRunner', () => {
  it('with everyInstanceOnly starts only every-instance jobs; a later start adds the rest once', async () => {
    const ticks: string[] = [];
    const job = (id: string, everyInstance: boolean) =>
      ({
        id,
        everyInstance,
        schedule: { everyMs: 60_000 },
        handler: async () => void ticks.push(id),
      }) satisfies JobDefinition;
    const runner = createJobRunner([job('send', false), job('index', true)], createLogger('silent'), {
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    runner.start({ everyInstanceOnly: true });
    await until(() => ticks.includes('index'));
    await new Promise((r) => setTimeout(r, 50));
    expect(ticks).toEqual(['index']); // JOBS=0: the sender stays off
    runner.start();
    await until(() => ticks.includes('send'));
    expect([...ticks].sort()).toEqual(['index', 'send']); // the index job was not started twice
    await runner.stop();
  });

  it('runs a poll job at start, again at once while it reports more, and when woken', async () => {
    const wake = new JobWake();
    let left = 3;
    let ticks = 0;
    const job = {
      id: 'drain',
      schedule: { everyMs: 60_000 },
      wake,
      handler: async () => {
        ticks++;
        return left-- > 0;
      },
    } satisfies JobDefinition;
    const runner = createJobRunner([job], createLogger('silent'), { timeZone: 'Asia/Ho_Chi_Minh' });
    runner.start();
    await until(() => ticks === 4); // three "more" ticks, then the one that found nothing
    await new Promise((r) => setTimeout(r, 50));
    expect(ticks).toBe(4); // now it waits (a minute) …
    wake.kick();
    await until(() => ticks === 5); // … unless woken
    await runner.stop();
    wake.kick();
    await new Promise((r) => setTimeout(r, 50));
    expect(ticks).toBe(5);
  });

  it('keeps running after a failing tick, logging the job id', async () => {
    const logs = new CapturedLogs();
    let ticks = 0;
    const wake = new JobWake();
    const runner = createJobRunner(
      [
        {
          id: 'flaky',
          schedule: { everyMs: 60_000 },
          wake,
          handler: async () => {
            if (++ticks === 1) throw new Error('boom');
          },
        },
      ],
      createLogger('error', logs),
      { timeZone: 'UTC' },
    );
    runner.start();
    await until(() => ticks === 1);
    wake.kick();
    await until(() => ticks === 2);
    await runner.stop();
    expect(logs.lines).toContainEqual(expect.objectContaining({ job: 'flaky', msg: 'job tick failed' }));
  });

  it('waits first when asked, and stop() tells the work, awaits the tick in flight, then runs afterStop', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    const runner = createJobRunner(
      [
        {
          id: 'slow',
          schedule: { everyMs: 1 },
          handler: async () => {
            order.push('tick');
            await new Promise<void>((r) => (release = r));
            order.push('tick done');
          },
          onStop: () => {
            order.push('onStop');
            release();
          },
          afterStop: async () => {
            order.push('afterStop');
          },
        },
        {
          id: 'later',
          schedule: { everyMs: 60_000, atStart: false },
          handler: async () => void order.push('later'),
        },
      ],
      createLogger('silent'),
      { timeZone: 'UTC' },
    );
    runner.start();
    await until(() => order.includes('tick'));
    await runner.stop();
    expect(order).toEqual(['tick', 'onStop', 'tick done', 'afterStop']);
  });

  it('runs afterStop when never started (a test app writes what it holds) and refuses a duplicate id', async () => {
    let flushed = 0;
    const job = {
      id: 'x',
      schedule: { cron: '* * * * *' },
      handler: async () => {},
      afterStop: async () => void flushed++,
    } satisfies JobDefinition;
    await createJobRunner([job], createLogger('silent'), { timeZone: 'UTC' }).stop();
    expect(flushed).toBe(1);
    expect(() => createJobRunner([job, job], createLogger('silent'), { timeZone: 'UTC' })).toThrow(
      /declared twice/,
    );
  });
});

describe('the app’s jobs', () => {
  it('are declared in one list, each once, with a schedule', async () => {
    const database = await createTestDatabase();
    try {
      const app = createApp({ config: testConfig(), database, logger: createLogger('silent') });
      const ids = app.jobs.definitions.map((d) => d.id);
      expect([...ids].sort()).toEqual(
        [
          'broadcasts',
          'chat-inbox',
          'chat-outbox',
          'console-csrf-refusal-audit',
          'console-session-purge',
          'faq-index-poll',
          'follower-sync',
          'quiz-round-close',
          'storage-watch',
          'survey-retention',
        ].sort(),
      );
      expect(app.jobs.definitions.find((d) => d.id === 'broadcasts')?.schedule).toEqual({
        cron: '* * * * *',
        timeZone: 'Asia/Ho_Chi_Minh',
      });
    } finally {
      await database.close();
    }
  });

  it('include the storage watch, run on every instance: a database gone is noticed without any request', async () => {
    const app = await createTestApp(); // starts the every-instance jobs, as a JOBS=0 instance does
    try {
      const watch = app.jobs.definitions.find((d) => d.id === 'storage-watch');
      expect(watch).toMatchObject({ everyInstance: true, schedule: { everyMs: 2_000, atStart: false } });
      expect(app.storage.fault).toBeUndefined();
      await app.database.close();
      await until(() => app.storage.fault !== undefined, 6_000);
      expect(app.storage.fault?.reason).toMatch(/closed/);
    } finally {
      await app.close();
    }
  });
});
