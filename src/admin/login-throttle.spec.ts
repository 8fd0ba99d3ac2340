import { type AttemptState, LOGIN_POLICY, reserveAttempt } from './login-throttle.js';

describe('reserveAttempt', () => {
  const t0 = 1_000_000;

  /** Attempts one after another, each made when its wait is over; returns each wait. */
  function sequential(count: number): number[] {
    let state: AttemptState | undefined;
    let now = t0;
    const waits: number[] = [];
    for (let i = 0; i < count; i++) {
      const r = reserveAttempt([state], now);
      if (!r.allowed) throw new Error(`refused attempt ${i}`);
      waits.push(r.waitMs);
      [state] = r.next;
      now += r.waitMs + 1;
    }
    return waits;
  }

  it('lets the first attempts through, then doubles the wait up to the ceiling', () => {
    expect(sequential(9)).toEqual([0, 0, 0, 500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('queues attempts made at the same moment and refuses those beyond the queue, reserving nothing for them', () => {
    let state: AttemptState | undefined;
    const outcomes = [];
    for (let i = 0; i < 20; i++) {
      const r = reserveAttempt([state], t0);
      outcomes.push(r.allowed ? r.waitMs : 'refused');
      if (r.allowed) [state] = r.next;
    }
    // 0, 0, 0, then 500, +1000, +2000, +4000 stacked: the 8th would be 15.5 s away.
    expect(outcomes.slice(0, 7)).toEqual([0, 0, 0, 500, 1500, 3500, 7500]);
    expect(outcomes.slice(7).every((o) => o === 'refused')).toBe(true);
    expect(state!.attempts).toBe(7);
  });

  it('waits for the worse of the e-mail and the address', () => {
    const busy: AttemptState = { attempts: 5, nextAttemptAt: t0, lastAttemptAt: t0 };
    const r = reserveAttempt([busy, undefined], t0 + 10);
    expect(r).toMatchObject({ allowed: true, waitMs: 2000 });
    // Each key keeps its own count: a fresh e-mail tried from a busy address is not charged the address's.
    expect(r.allowed && r.next.map((s) => s.attempts)).toEqual([6, 1]);
  });

  it('forgets attempts older than the window', () => {
    const old: AttemptState = { attempts: 9, nextAttemptAt: t0, lastAttemptAt: t0 };
    expect(reserveAttempt([old], t0 + LOGIN_POLICY.windowMs + 1)).toMatchObject({ allowed: true, waitMs: 0, next: [{ attempts: 1 }] });
  });
});
