/**
 * How panel logins are slowed down, per e-mail and per client address. The first few attempts are
 * free (typos); after that each attempt waits twice as long as the one before, up to a ceiling.
 * Attempts queue: each one reserves the next slot when it starts, so twenty sent at once are
 * spaced out as twenty sent one by one would be, instead of all being checked together. An attempt
 * whose slot would be further away than `maxQueueMs` is refused at once and reserves nothing, so an
 * attacker cannot push a real user's next chance out for ever. A success clears the keys.
 * Pure maths; LoginThrottleService keeps the state in PostgreSQL, shared by every replica.
 */
export interface ThrottlePolicy {
  free: number;
  baseMs: number;
  maxDelayMs: number;
  /** The longest an attempt may be made to wait before it is refused outright. */
  maxQueueMs: number;
  /** Attempts older than this are forgotten. */
  windowMs: number;
}

export const LOGIN_POLICY: ThrottlePolicy = { free: 3, baseMs: 500, maxDelayMs: 8000, maxQueueMs: 10_000, windowMs: 15 * 60_000 };

/** One key's state; times are epoch milliseconds. */
export interface AttemptState {
  attempts: number;
  nextAttemptAt: number;
  lastAttemptAt: number;
}

export type Reservation =
  /** `next` is each key's new state, in the order given. */
  { allowed: true; waitMs: number; next: AttemptState[] } | { allowed: false; retryAfterMs: number };

export function delayAfter(attempts: number, policy: ThrottlePolicy): number {
  if (attempts < policy.free) return 0;
  return Math.min(policy.maxDelayMs, policy.baseMs * 2 ** (attempts - policy.free));
}

/** Reserves the next slot for an attempt on all of `states` (one per key) at `now`. */
export function reserveAttempt(states: Array<AttemptState | undefined>, now: number, policy: ThrottlePolicy = LOGIN_POLICY): Reservation {
  const live = states.map((s) => (s && now - s.lastAttemptAt <= policy.windowMs ? s : { attempts: 0, nextAttemptAt: now, lastAttemptAt: now }));
  const attempts = Math.max(...live.map((s) => s.attempts));
  const queueEnd = Math.max(now, ...live.map((s) => s.nextAttemptAt));
  const at = queueEnd + delayAfter(attempts, policy);
  if (at - now > policy.maxQueueMs) return { allowed: false, retryAfterMs: at - now - policy.maxQueueMs };
  const next = live.map((s) => ({ attempts: s.attempts + 1, nextAttemptAt: at, lastAttemptAt: now }));
  return { allowed: true, waitMs: at - now, next };
}
