/**
 * A token bucket: `take(n)` resolves when n tokens are available. Tokens refill continuously at `ratePerSecond`
 * up to `burst`. Time and sleep are injectable so tests need no real waiting.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    readonly burst: number = Math.max(1, Math.ceil(ratePerSecond / 20)),
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Waits for n tokens (n ≤ burst); callers are served in order. */
  take(n = 1): Promise<void> {
    const count = Math.min(n, this.burst);
    const turn = this.queue.then(() => this.acquire(count));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async acquire(n: number): Promise<void> {
    for (;;) {
      this.refill();
      // a tolerance: float rounding must not leave a waiter sleeping for ever-smaller slices
      if (this.tokens >= n - 1e-6) {
        this.tokens = Math.max(0, this.tokens - n);
        return;
      }
      await this.sleep(Math.max(0.01, ((n - this.tokens) / this.ratePerSecond) * 1000));
    }
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }
}
