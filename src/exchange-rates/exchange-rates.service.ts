import { BadRequestException, Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { DataSource } from 'typeorm';
import { ExchangeRateSource } from '../entities/index.js';
import { addDays, daysBetween } from '../reporting/periods.js';

/** The rate in force on a day: 1 EUR = `eurRate` units of `currency`, published for `publishedOn`. */
export interface RateInForce {
  currency: string;
  /** The day asked about. */
  day: string;
  eurRate: string;
  source: ExchangeRateSource | 'definition';
  /** The day the rate was published for (the latest on or before `day`). */
  publishedOn: string;
  /** Days from `publishedOn` to `day`: 0 on a publication day, 3 on a Monday holiday after a Friday. */
  gapDays: number;
  /** The gap is longer than STALE_AFTER_DAYS: the report should flag the figure. */
  stale: boolean;
}

/** A gap longer than this (a week without the ECB) is flagged. */
export const STALE_AFTER_DAYS = 7;

/** No rate on or before a day: the HTTP layer answers 400 naming the currency and the day. */
export class MissingRateError extends BadRequestException {
  constructor(
    readonly currency: string,
    readonly day: string,
  ) {
    super(`No exchange rate for ${currency} on or before ${day}`);
  }
}

// Manual wins over the ECB for the same day; an earlier day never beats a later one.
const PREFER = `ORDER BY day DESC, (source = 'manual') DESC`;

/**
 * SQL for a LATERAL subquery: the rate in force for currency `currency` on day `day` (SQL expressions
 * of the outer query), as columns `eur_rate` and `published`; no row when none is on or before the
 * day. The same rule as rateOn, for reports that convert in bulk (EUR is 1 by definition).
 */
export function rateInForceSql(currency: string, day: string): string {
  return `(SELECT 1::numeric AS eur_rate, ${day} AS published WHERE ${currency} = 'EUR'
           UNION ALL
           (SELECT eur_rate, day AS published FROM exchange_rates WHERE currency = ${currency} AND day <= ${day} ${PREFER} LIMIT 1)
           LIMIT 1)`;
}

/**
 * Reads euro reference rates. Every conversion goes through the euro in decimal, never floats:
 * amount × (to per EUR) / (from per EUR).
 */
@Injectable()
export class ExchangeRates {
  constructor(private readonly ds: DataSource) {}

  /** The rate in force for `currency` on `day` (YYYY-MM-DD); MissingRateError when none is on or before it. */
  async rateOn(currency: string, day: string): Promise<RateInForce> {
    if (currency === 'EUR') return euro(day);
    const rows = await this.ds.query<Array<{ eurRate: string; source: ExchangeRateSource; day: string }>>(
      `SELECT eur_rate::text AS "eurRate", source, day::text AS day FROM exchange_rates WHERE currency = $1 AND day <= $2 ${PREFER} LIMIT 1`,
      [currency, day],
    );
    if (rows.length === 0) throw new MissingRateError(currency, day);
    return inForce(currency, day, rows[0]);
  }

  /** `amount` in `from` as `to` at the rates in force on `day`, exact (no rounding). */
  async convert(amount: string, from: string, to: string, day: string): Promise<string> {
    if (from === to) return new Decimal(amount).toFixed();
    const [f, t] = await Promise.all([this.rateOn(from, day), this.rateOn(to, day)]);
    return new Decimal(amount).times(t.eurRate).dividedBy(f.eurRate).toFixed();
  }

  /**
   * Every day of [from, to] with the rate in force for `currency` (days without a publication carry
   * the latest earlier one). For bulk conversion: reports join these per UTC day. MissingRateError
   * names the first day that has no rate on or before it.
   */
  async dailyRates(currency: string, from: string, to: string): Promise<RateInForce[]> {
    if (currency === 'EUR') return daysOf(from, to).map(euro);
    const rows = await this.ds.query<Array<{ day: string; eurRate: string | null; source: ExchangeRateSource | null; publishedOn: string | null }>>(
      `SELECT d::date::text AS day, r."eurRate", r.source, r.published AS "publishedOn"
         FROM generate_series($2::date, $3::date, interval '1 day') AS d
         LEFT JOIN LATERAL (
           SELECT eur_rate::text AS "eurRate", source, day::text AS published FROM exchange_rates
            WHERE currency = $1 AND day <= d::date ${PREFER} LIMIT 1
         ) r ON true
        ORDER BY d`,
      [currency, from, to],
    );
    const missing = rows.find((r) => r.eurRate === null);
    if (missing) throw new MissingRateError(currency, missing.day);
    return rows.map((r) => inForce(currency, r.day, { eurRate: r.eurRate!, source: r.source!, day: r.publishedOn! }));
  }

  /** Sets the hand-entered rate for a day; the ECB's row for that day, if any, stays but loses. */
  async setManual(currency: string, day: string, eurRate: string): Promise<RateInForce> {
    await this.ds.query(
      `INSERT INTO exchange_rates (currency, day, source, eur_rate, updated_at) VALUES ($1, $2, 'manual', $3, now())
       ON CONFLICT (currency, day, source) DO UPDATE SET eur_rate = EXCLUDED.eur_rate, updated_at = now()`,
      [currency, day, eurRate],
    );
    return this.rateOn(currency, day);
  }

  /** Currencies with at least one stored rate, plus EUR. */
  async knownCurrency(currency: string): Promise<boolean> {
    if (currency === 'EUR') return true;
    const rows = await this.ds.query<unknown[]>('SELECT 1 FROM exchange_rates WHERE currency = $1 LIMIT 1', [currency]);
    return rows.length > 0;
  }
}

function inForce(currency: string, day: string, row: { eurRate: string; source: ExchangeRateSource; day: string }): RateInForce {
  const gapDays = daysBetween(row.day, day);
  return { currency, day, eurRate: new Decimal(row.eurRate).toFixed(), source: row.source, publishedOn: row.day, gapDays, stale: gapDays > STALE_AFTER_DAYS };
}

function euro(day: string): RateInForce {
  return { currency: 'EUR', day, eurRate: '1', source: 'definition', publishedOn: day, gapDays: 0, stale: false };
}

function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
