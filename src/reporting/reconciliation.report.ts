import { BadRequestException, Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { DataSource } from 'typeorm';
import { plainDecimal } from '../common/money.js';
import { AppConfig } from '../config/app-config.js';
import { LedgerStatus, UsageScope } from '../entities/index.js';
import type { ReconciliationDayView, ReconciliationTotalsView, ReconciliationView, UnclaimedNumberView } from './dto/reconciliation.view.js';

/** A day is explained when what is left is within this (one cent). */
export const LEDGER_TOLERANCE = '0.01';
/** Longest range one request may ask for. */
const MAX_DAYS = 400;
const DAY_MS = 86_400_000;

export function ledgerStatus(unexplained: string, pendingLegs: number): LedgerStatus {
  if (pendingLegs > 0) return LedgerStatus.Pending;
  return new Decimal(unexplained).abs().lte(LEDGER_TOLERANCE) ? LedgerStatus.Reconciled : LedgerStatus.Drift;
}

/**
 * Twilio's bill against our legs, per account and UTC day, computed live from the stored rows:
 * Twilio's daily figure for all calls; our priced legs (parents and child legs of every workspace on
 * the account); legs on numbers no workspace claims; our legs still unpriced; and what remains.
 */
@Injectable()
export class ReconciliationReport {
  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {}

  async report(from: string, to: string, accountSid?: string): Promise<ReconciliationView> {
    const days = await this.days(from, to, accountSid);
    // An account is billed in one currency, and its ledger stays in it: totals are per currency, never mixed.
    const currencies = [...new Set(days.map((d) => d.currency))].sort();
    const totalsByCurrency = Object.fromEntries(currencies.map((c) => [c, totalsOf(days.filter((d) => d.currency === c))]));
    const only = currencies.length <= 1 ? (currencies[0] ?? this.config.reporting.currency) : null;
    return {
      from,
      to,
      currency: only,
      days,
      totals: only === null ? null : (totalsByCurrency[only] ?? totalsOf([])),
      totalsByCurrency,
      unclaimedNumbers: await this.unclaimedNumbers(from, to, accountSid),
    };
  }

  async days(from: string, to: string, accountSid?: string): Promise<ReconciliationDayView[]> {
    checkRange(from, to);
    const rows: Array<{ account_sid: string; day: string; currency: string; twilio: string; ours: string; pending: number; unclaimed: string; unexplained: string }> =
      await this.ds.query(
        `WITH account_of AS (
           SELECT id, COALESCE(twilio_account_sid, $3) AS account_sid FROM workspaces
         ), legs AS (
           SELECT a.account_sid, (c.started_at AT TIME ZONE 'UTC')::date AS day, c.twilio_own_cost AS cost, c.twilio_price_unit AS unit
             FROM calls c JOIN account_of a ON a.id = c.workspace_id
            WHERE c.twilio_synced_at IS NOT NULL
              AND c.started_at >= ($1::date - 1)::timestamp AT TIME ZONE 'UTC' AND c.started_at < ($2::date + 2)::timestamp AT TIME ZONE 'UTC'
           UNION ALL
           SELECT a.account_sid, (COALESCE(l.started_at, c.started_at) AT TIME ZONE 'UTC')::date, l.cost, l.price_unit
             FROM twilio_child_legs l
             JOIN calls c ON c.twilio_call_sid = l.parent_call_sid
             JOIN account_of a ON a.id = c.workspace_id
            WHERE c.started_at >= ($1::date - 2)::timestamp AT TIME ZONE 'UTC' AND c.started_at < ($2::date + 2)::timestamp AT TIME ZONE 'UTC'
         ), ours AS (
           SELECT account_sid, day, sum(cost) AS cost, count(*) FILTER (WHERE cost IS NULL)::int AS pending, max(unit) AS unit
             FROM legs WHERE day BETWEEN $1::date AND $2::date GROUP BY 1, 2
         ), unclaimed AS (
           SELECT account_sid, day, sum(cost) AS cost, max(price_unit) AS unit FROM twilio_unclaimed_legs WHERE day BETWEEN $1::date AND $2::date GROUP BY 1, 2
         ), billed AS (
           SELECT account_sid, day, cost, price_unit AS unit FROM twilio_usage_days WHERE scope = $5 AND day BETWEEN $1::date AND $2::date
         ), keys AS (
           SELECT account_sid, day FROM ours UNION SELECT account_sid, day FROM unclaimed UNION SELECT account_sid, day FROM billed
         )
         SELECT k.account_sid, k.day::text AS day, COALESCE(b.unit, o.unit, u.unit, 'USD') AS currency, COALESCE(b.cost, 0)::text AS twilio, COALESCE(o.cost, 0)::text AS ours,
                COALESCE(o.pending, 0) AS pending, COALESCE(u.cost, 0)::text AS unclaimed,
                (COALESCE(b.cost, 0) - COALESCE(o.cost, 0) - COALESCE(u.cost, 0))::text AS unexplained
           FROM keys k
           LEFT JOIN billed b USING (account_sid, day)
           LEFT JOIN ours o USING (account_sid, day)
           LEFT JOIN unclaimed u USING (account_sid, day)
          WHERE $4::text IS NULL OR k.account_sid = $4
          ORDER BY 1, 2`,
        [from, to, this.config.twilio.accountSid ?? null, accountSid ?? null, UsageScope.All],
      );
    return rows.map((r) => ({
      accountSid: r.account_sid,
      day: r.day,
      currency: r.currency,
      twilioCost: plainDecimal(r.twilio),
      ourCost: plainDecimal(r.ours),
      pendingLegs: r.pending,
      unclaimedCost: plainDecimal(r.unclaimed),
      unexplained: plainDecimal(r.unexplained),
      status: ledgerStatus(r.unexplained, r.pending),
    }));
  }

  async unclaimedNumbers(from: string, to: string, accountSid?: string): Promise<UnclaimedNumberView[]> {
    checkRange(from, to);
    const rows: Array<{ account_sid: string; number: string; legs: number; cost: string; pending: number; first: string; last: string }> = await this.ds.query(
      `SELECT account_sid, number, count(*)::int AS legs, COALESCE(sum(cost), 0)::text AS cost,
                count(*) FILTER (WHERE cost IS NULL)::int AS pending, min(day)::text AS first, max(day)::text AS last
           FROM twilio_unclaimed_legs
          WHERE day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR account_sid = $3)
          GROUP BY 1, 2 ORDER BY sum(cost) DESC NULLS LAST, 1, 2`,
      [from, to, accountSid ?? null],
    );
    return rows.map((r) => ({
      accountSid: r.account_sid,
      number: r.number,
      legs: r.legs,
      cost: plainDecimal(r.cost),
      pendingLegs: r.pending,
      firstDay: r.first,
      lastDay: r.last,
    }));
  }

  /** Every Twilio account a workspace uses or whose Usage Records we hold. */
  async accounts(): Promise<string[]> {
    const rows: Array<{ sid: string }> = await this.ds.query(
      `SELECT DISTINCT sid FROM (
         SELECT COALESCE(twilio_account_sid, $1) AS sid FROM workspaces
         UNION SELECT account_sid FROM twilio_usage_days) a
        WHERE sid IS NOT NULL ORDER BY sid`,
      [this.config.twilio.accountSid ?? null],
    );
    return rows.map((r) => r.sid);
  }

  /**
   * Closed days (older than 48 h) the last sync left drifting, newest first, since `since`. `repaired`:
   * the sync listed the day again after it closed and the drift survived: what the alert reports.
   */
  async driftingClosedDays(today: string, since = '2000-01-01'): Promise<Array<{ accountSid: string; day: string; unexplained: string; repaired: boolean }>> {
    const rows: Array<{ account_sid: string; day: string; unexplained: string; repaired: boolean }> = await this.ds.query(
      `SELECT account_sid, day::text AS day, unexplained::text,
              COALESCE(listed_at >= (day + 3)::timestamp AT TIME ZONE 'UTC', false) AS repaired
         FROM twilio_ledger_days
        WHERE status = 'drift' AND day <= $1::date - 3 AND day >= $2::date ORDER BY day DESC, account_sid`,
      [today, since],
    );
    return rows.map((r) => ({ accountSid: r.account_sid, day: r.day, unexplained: plainDecimal(r.unexplained), repaired: r.repaired }));
  }
}

function totalsOf(days: ReconciliationDayView[]): ReconciliationTotalsView {
  const sum = (pick: (d: ReconciliationDayView) => string) => days.reduce((t, d) => t.plus(pick(d)), new Decimal(0)).toFixed();
  return {
    twilioCost: sum((d) => d.twilioCost),
    ourCost: sum((d) => d.ourCost),
    pendingLegs: days.reduce((n, d) => n + d.pendingLegs, 0),
    unclaimedCost: sum((d) => d.unclaimedCost),
    unexplained: sum((d) => d.unexplained),
  };
}

function checkRange(from: string, to: string): void {
  if (from > to) throw new BadRequestException(`from (${from}) must not be after to (${to})`);
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (span > MAX_DAYS) throw new BadRequestException(`from and to may be at most ${MAX_DAYS} days apart (asked for ${span})`);
}
