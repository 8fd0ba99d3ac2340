/**
 * Slows down repeated failed logins, per e-mail and per client address: the first few failures are
 * free (typos), then each one waits twice as long as the one before, up to a ceiling; a success
 * clears the count. Waiting rather than locking out means an attacker cannot lock a real user out.
 * Kept in memory: each instance throttles on its own, which is enough to make guessing slow.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(
    private readonly free = 3,
    private readonly baseMs = 500,
    private readonly maxMs = 8000,
    /** Failures older than this are forgotten. */
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long the next attempt for these keys must wait, in ms. */
  delayFor(keys: string[]): number {
    const count = Math.max(0, ...keys.map((k) => this.current(k)));
    if (count < this.free) return 0;
    return Math.min(this.maxMs, this.baseMs * 2 ** (count - this.free));
  }

  failed(keys: string[]): void {
    const at = this.now();
    for (const key of keys) this.failures.set(key, { count: this.current(key) + 1, last: at });
    if (this.failures.size > 10_000) this.forgetOld();
  }

  succeeded(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private current(key: string): number {
    const entry = this.failures.get(key);
    if (!entry || this.now() - entry.last > this.windowMs) return 0;
    return entry.count;
  }

  private forgetOld(): void {
    for (const [key, entry] of this.failures) if (this.now() - entry.last > this.windowMs) this.failures.delete(key);
  }
}
