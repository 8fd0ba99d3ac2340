import { Decimal } from 'decimal.js';
import type { RawSums } from './report-source.js';

/** The figures every report shows, money as exact decimal strings. */
export interface Figures {
  calls: number;
  /** Whole seconds: the exact base of `minutes`. */
  seconds: number;
  /** seconds / 60, rounded to 2 decimals for reading; sum `seconds` for exact totals. */
  minutes: string;
  twilioCost: string;
  elevenlabsCost: string;
  elevenlabsCredits: string;
  totalCost: string;
  /** totalCost / minutes, 6 decimals; null without minutes. */
  costPerMinute: string | null;
  /** totalCost / calls, 6 decimals; null without calls. */
  costPerCall: string | null;
  unpricedCalls: number;
  estimatedCalls: number;
}

export function figures(raw: RawSums): Figures {
  const seconds = new Decimal(raw.seconds);
  const calls = Number(raw.calls);
  const twilio = new Decimal(raw.twilio_cost);
  const elevenlabs = new Decimal(raw.elevenlabs_cost);
  const total = twilio.plus(elevenlabs);
  const minutes = seconds.div(60);
  return {
    calls,
    seconds: seconds.toNumber(),
    minutes: minutes.toFixed(2),
    twilioCost: twilio.toFixed(),
    elevenlabsCost: elevenlabs.toFixed(),
    elevenlabsCredits: new Decimal(raw.elevenlabs_credits).toFixed(),
    totalCost: total.toFixed(),
    costPerMinute: seconds.isZero() ? null : total.div(minutes).toFixed(6),
    costPerCall: calls === 0 ? null : total.div(calls).toFixed(6),
    unpricedCalls: Number(raw.unpriced_calls),
    estimatedCalls: Number(raw.estimated_calls),
  };
}

/** Adds figures exactly (for totals over workspaces or buckets). */
export function addFigures(rows: Figures[]): Figures {
  const raw: RawSums = { calls: '0', seconds: '0', twilio_cost: '0', elevenlabs_cost: '0', elevenlabs_credits: '0', unpriced_calls: '0', estimated_calls: '0' };
  const plus = (a: string, b: string | number) => new Decimal(a).plus(b).toFixed();
  for (const r of rows) {
    raw.calls = plus(raw.calls, r.calls);
    raw.seconds = plus(raw.seconds, r.seconds);
    raw.twilio_cost = plus(raw.twilio_cost, r.twilioCost);
    raw.elevenlabs_cost = plus(raw.elevenlabs_cost, r.elevenlabsCost);
    raw.elevenlabs_credits = plus(raw.elevenlabs_credits, r.elevenlabsCredits);
    raw.unpriced_calls = plus(raw.unpriced_calls, r.unpricedCalls);
    raw.estimated_calls = plus(raw.estimated_calls, r.estimatedCalls);
  }
  return figures(raw);
}

/** Month-end value at the current pace: value / days elapsed × days in the month (the forecast's one rule). */
export function runRate(value: string | Decimal, daysElapsed: string | Decimal, daysInMonth: number): Decimal {
  const elapsed = new Decimal(daysElapsed);
  return elapsed.isZero() ? new Decimal(0) : new Decimal(value).div(elapsed).times(daysInMonth);
}

/** part / total × 100 as exact decimal text (4 decimals), or null when the total is not positive. */
export function percentOf(part: string, total: string): string | null {
  const whole = new Decimal(total);
  return whole.gt(0) ? new Decimal(part).div(whole).times(100).toFixed(4) : null;
}

/** A share of calls, 4 decimals by default (0.0123 = 1.23 %); null without calls. */
export function callShare(count: number, calls: number, places = 4): string | null {
  return calls === 0 ? null : new Decimal(count).div(calls).toFixed(places);
}

/**
 * Labels round the share once, where they show it (one decimal of a percent): given 4 decimals they
 * would round twice, and 1 of 26 calls (3.846 %) would read "3.9 %" instead of "3.8 %".
 */
const LABEL_SHARE_PLACES = 8;

/**
 * How provisional a total is: the share of its calls still waiting for Twilio's price, and the share
 * whose ElevenLabs cost is estimated. Each is null when no call is in that state, so a fully priced
 * total carries no label; a share too small to show is still non-null.
 * Every screen, message and file labels its totals from this, for workspace rows as for summaries.
 */
export interface ProvisionalShares {
  unpriced: string | null;
  estimated: string | null;
}

export function provisionalShares(f: Pick<Figures, 'calls' | 'unpricedCalls' | 'estimatedCalls'>): ProvisionalShares {
  return {
    unpriced: f.unpricedCalls > 0 ? callShare(f.unpricedCalls, f.calls, LABEL_SHARE_PLACES) : null,
    estimated: f.estimatedCalls > 0 ? callShare(f.estimatedCalls, f.calls, LABEL_SHARE_PLACES) : null,
  };
}

export interface Change {
  absolute: string;
  /** Percent change, 2 decimals; null when the previous value was zero. */
  percent: string | null;
}

export function change(current: string | number | null, previous: string | number | null): Change | null {
  if (current === null || previous === null) return null;
  const now = new Decimal(current);
  const before = new Decimal(previous);
  return {
    absolute: now.minus(before).toFixed(),
    percent: before.isZero() ? null : now.minus(before).div(before.abs()).times(100).toFixed(2),
  };
}
