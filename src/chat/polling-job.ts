import type { Logger } from 'pino';

/**
 * A background loop: runs `tick` again at once while it reports more work, otherwise waits `idleMs` or until
 * `kick()`. The database decides who does which row, so any number of instances may run the same job.
 */
export class PollingJob {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private kicked = false;

  constructor(
    readonly name: string,
    private readonly logger: Logger,
    private readonly idleMs: number,
    private readonly tick: () => Promise<boolean>,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Work just arrived: skip the rest of the idle wait. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let more = false;
      this.kicked = false;
      try {
        more = await this.tick();
      } catch (err) {
        this.logger.error({ err, job: this.name }, 'job tick failed');
      }
      if (!more && !this.kicked && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        clearTimeout(this.timer);
        this.wake = undefined;
        resolve();
      };
      this.timer = setTimeout(() => this.wake?.(), this.idleMs);
    });
  }
}
