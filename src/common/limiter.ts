import pLimit, { type LimitFunction } from 'p-limit';

/**
 * At most `max` tasks at once; the rest wait in arrival order. Bounds requests per vendor. A thin
 * name over p-limit: our own counter let a newcomer take the slot a finishing task had just handed
 * to a waiter, so both ran (limiter.spec.ts reproduces that interleaving).
 */
export class Limiter {
  private readonly limit: LimitFunction;

  constructor(max: number) {
    this.limit = pLimit(max);
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.limit(task);
  }
}

/** Runs `fn` over `items` with at most `concurrency` in flight, keeping input order in the result. */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
