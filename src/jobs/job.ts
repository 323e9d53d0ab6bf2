/**
 * When a job runs: a cron expression (in the app's time zone unless given), or a poll loop that runs again at once
 * while the handler reports more work and otherwise waits `everyMs` (or until woken).
 */
export type JobSchedule =
  | { cron: string; timeZone?: string }
  | {
      everyMs: number;
      /** Run the first time at start (default) or only after the first wait. */
      atStart?: boolean;
    };

/**
 * Background work, declared: an id, a schedule and a handler, `satisfies JobDefinition`. The runner in
 * src/jobs/runner.ts is the only thing that starts or stops one; the database (row claims) decides which instance
 * does which row, so any number of instances may run the same job.
 */
export interface JobDefinition {
  id: string;
  schedule: JobSchedule;
  /** One tick. A poll job returning true means "more is waiting": it runs again without waiting. */
  handler(): Promise<boolean | void>;
  /**
   * About this instance itself (the FAQ index in its memory, the storage it reaches): it runs on every instance,
   * JOBS=0 too, where every other job runs only where JOBS=1.
   */
  everyInstance?: boolean;
  /** Lets the module cut a poll job's wait short when work arrives (a webhook stored, a reply queued). */
  wake?: JobWake;
  /** On shutdown, before the tick in flight is awaited: tell the work to start nothing new. */
  onStop?(): void;
  /** On shutdown, after the last tick: write what is still held in memory. Also runs if the job never started. */
  afterStop?(): Promise<void>;
}

/** A doorbell a module rings when work arrives; the runner listens on it while the job runs. */
export class JobWake {
  private listener: (() => void) | undefined;
  kick(): void {
    this.listener?.();
  }
  /** @internal the runner's side. */
  listen(listener: (() => void) | undefined): void {
    this.listener = listener;
  }
}
