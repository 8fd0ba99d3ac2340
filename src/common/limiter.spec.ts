import { Limiter, mapLimit } from './limiter.js';

/** Lets `n` microtasks run: the granularity at which the old Limiter went wrong. */
async function ticks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

/** Counts tasks inside their body at once, which is what the bound is about. */
function gauge() {
  const g = {
    active: 0,
    peak: 0,
    task: (length: number) => async () => {
      g.active++;
      g.peak = Math.max(g.peak, g.active);
      await ticks(length);
      g.active--;
    },
  };
  return g;
}

describe('Limiter', () => {
  // A task finishing hands its slot to a waiter; a newcomer arriving before that waiter resumes must
  // still queue. Each offset places the newcomer at a different microtask after the finish.
  it.each(Array.from({ length: 12 }, (_, i) => i))('keeps the bound when a newcomer arrives %i microtasks after a task finishes', async (offset) => {
    const limiter = new Limiter(1);
    const g = gauge();
    let finish!: () => void;
    const first = limiter.run(async () => {
      g.active++;
      g.peak = Math.max(g.peak, g.active);
      await new Promise<void>((r) => (finish = r));
      g.active--;
    });
    const waiter = limiter.run(g.task(3));
    await ticks(2);
    finish();
    await ticks(offset);
    const newcomer = limiter.run(g.task(3));
    await Promise.all([first, waiter, newcomer]);
    expect(g.peak).toBe(1);
  });

  it('never runs more than its maximum with many tasks of uneven length started at staggered microtask timings', async () => {
    for (const max of [1, 2, 3, 5]) {
      const limiter = new Limiter(max);
      const g = gauge();
      const all: Array<Promise<void>> = [];
      for (let i = 0; i < 300; i++) {
        all.push(limiter.run(g.task(2 + ((i * 7) % 11))));
        await ticks(i % 4);
      }
      await Promise.all(all);
      expect({ max, peak: g.peak }).toEqual({ max, peak: max });
    }
  });

  it('passes results and errors through and frees the slot after a failure', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.resolve(42))).resolves.toBe(42);
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(() => Promise.resolve('after'))).resolves.toBe('after');
  });
});

describe('mapLimit', () => {
  it('keeps input order and never exceeds its concurrency, whatever order tasks finish in', async () => {
    for (const concurrency of [1, 2, 4, 50]) {
      let active = 0;
      let peak = 0;
      const items = Array.from({ length: 40 }, (_, i) => i);
      const out = await mapLimit(items, concurrency, async (n, i) => {
        active++;
        peak = Math.max(peak, active);
        await ticks(1 + ((n * 7) % 5));
        active--;
        return `${i}:${n * 2}`;
      });
      expect(out).toEqual(items.map((n) => `${n}:${n * 2}`));
      expect(peak).toBe(Math.min(concurrency, items.length));
    }
  });

  it('handles an empty list', async () => {
    await expect(mapLimit([], 3, () => Promise.resolve(1))).resolves.toEqual([]);
  });
});
