import cron from 'node-cron';
import type { Logger } from 'pino';
import type { JobDefinition } from './job.ts';

/** Starts and stops every declared job; main.ts owns the one instance (JOBS=0 never starts it). */
export interface JobRunner {
  readonly definitions: readonly JobDefinition[];
  /** Every job, or with `everyInstanceOnly` (JOBS=0, test apps) only those marked `everyInstance`. */
  start(options?: { everyInstanceOnly?: boolean }): void;
  /** Stops scheduling, lets ticks in flight finish, then runs each job's `afterStop`; safe without `start`. */
  stop(): Promise<void>;
}

interface Running {
  stop(): Promise<void>;
}

export function createJobRunner(
  definitions: readonly JobDefinition[],
  logger: Logger,
  defaults: { timeZone: string },
): JobRunner {
  const ids = new Set<string>();
  for (const d of definitions) {
    if (ids.has(d.id)) throw new Error(`job ${d.id} is declared twice`);
    ids.add(d.id);
  }
  let running: Running[] = [];
  const started = new Set<string>();
  const tick = async (job: JobDefinition): Promise<boolean> => {
    try {
      return (await job.handler()) === true;
    } catch (err) {
      logger.error({ err, job: job.id }, 'job tick failed');
      return false;
    }
  };
  return {
    definitions,
    start(options = {}) {
      // A second call adds what the first left out (a test app runs the every-instance jobs, then all of them).
      const chosen = definitions.filter(
        (d) => !started.has(d.id) && (!options.everyInstanceOnly || d.everyInstance),
      );
      for (const job of chosen) {
        started.add(job.id);
        running.push(
          'cron' in job.schedule
            ? startCron(job, job.schedule.cron, job.schedule.timeZone ?? defaults.timeZone, tick)
            : startPolling(job, job.schedule.everyMs, job.schedule.atStart ?? true, tick),
        );
      }
    },
    async stop() {
      const stopping = running;
      running = [];
      started.clear();
      for (const job of definitions) job.onStop?.();
      await Promise.all(stopping.map((r) => r.stop()));
      await Promise.all(
        definitions.map((job) =>
          job.afterStop?.().catch((err: unknown) => logger.error({ err, job: job.id }, 'job stop failed')),
        ),
      );
    },
  };
}

/** node-cron only triggers; a tick still running when the next is due is not doubled (the next picks up the rest). */
function startCron(
  job: JobDefinition,
  expression: string,
  timeZone: string,
  tick: (j: JobDefinition) => Promise<boolean>,
): Running {
  let inFlight: Promise<unknown> | undefined;
  const task = cron.schedule(
    expression,
    () => {
      if (inFlight) return;
      inFlight = tick(job).finally(() => (inFlight = undefined));
    },
    { timezone: timeZone },
  );
  return {
    async stop() {
      await task.stop();
      await inFlight;
    },
  };
}

/** Runs at once while the handler reports more work, otherwise waits `everyMs` or until the job's wake is rung. */
function startPolling(
  job: JobDefinition,
  everyMs: number,
  atStart: boolean,
  tick: (j: JobDefinition) => Promise<boolean>,
): Running {
  let active = true;
  let kicked = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const idle = () =>
    new Promise<void>((resolve) => {
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      timer = setTimeout(() => wake?.(), everyMs);
    });
  job.wake?.listen(() => {
    kicked = true;
    wake?.();
  });
  const loop = (async () => {
    if (!atStart) await idle();
    while (active) {
      kicked = false;
      const more = await tick(job);
      if (!more && !kicked && active) await idle();
    }
  })();
  return {
    async stop() {
      active = false;
      job.wake?.listen(undefined);
      wake?.();
      await loop;
    },
  };
}
