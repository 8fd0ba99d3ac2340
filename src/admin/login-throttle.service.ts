import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type AttemptState, LOGIN_POLICY, reserveAttempt } from './login-throttle.js';

export type LoginGate = { allowed: true; waitMs: number } | { allowed: false; retryAfterMs: number };

interface AttemptRow {
  key: string;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date;
}

/**
 * Login attempts counted in PostgreSQL: every replica sees the same queue, and an attempt counts
 * from the moment it starts, so parallel guesses are spaced out like sequential ones.
 */
@Injectable()
export class LoginThrottleService {
  private reservations = 0;

  constructor(private readonly ds: DataSource) {}

  /** Takes the next slot for an attempt on these keys, or refuses it (nothing reserved). */
  async reserve(keys: string[], now = Date.now()): Promise<LoginGate> {
    const sorted = [...new Set(keys)].sort();
    if (++this.reservations % 100 === 0) await this.forgetOld(now);
    return this.ds.transaction(async (m) => {
      // Rows exist before they are locked, so two first attempts on a key still queue behind each other.
      await m.query(
        `INSERT INTO admin_login_attempts (key, attempts, next_attempt_at, last_attempt_at)
         SELECT k, 0, to_timestamp(0), to_timestamp(0) FROM unnest($1::text[]) AS k ON CONFLICT (key) DO NOTHING`,
        [sorted],
      );
      const rows: AttemptRow[] = await m.query(`SELECT key, attempts, next_attempt_at, last_attempt_at FROM admin_login_attempts WHERE key = ANY($1) ORDER BY key FOR UPDATE`, [
        sorted,
      ]);
      const states: AttemptState[] = rows.map((r) => ({
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at.getTime(),
        lastAttemptAt: r.last_attempt_at.getTime(),
      }));
      const r = reserveAttempt(states, now, LOGIN_POLICY);
      if (!r.allowed) return r;
      for (const [i, next] of r.next.entries()) {
        await m.query(`UPDATE admin_login_attempts SET attempts = $2, next_attempt_at = $3, last_attempt_at = $4 WHERE key = $1`, [
          rows[i].key,
          next.attempts,
          new Date(next.nextAttemptAt),
          new Date(next.lastAttemptAt),
        ]);
      }
      return { allowed: true, waitMs: r.waitMs };
    });
  }

  async succeeded(keys: string[]): Promise<void> {
    await this.ds.query(`DELETE FROM admin_login_attempts WHERE key = ANY($1)`, [keys]);
  }

  private async forgetOld(now: number): Promise<void> {
    await this.ds.query(`DELETE FROM admin_login_attempts WHERE last_attempt_at < $1`, [new Date(now - LOGIN_POLICY.windowMs)]);
  }
}
