import type { DataSource } from 'typeorm';
import { addDays, isCalendarDate } from '../../src/reporting/periods.js';
import { Prng } from '../../src/seed/prng.js';
// The ECB emulator's TARGET calendar (weekends, 1 Jan, Good Friday, Easter Monday, 1 May, 25–26 Dec).
import { isTargetHoliday } from '../../test/emulators/ecb/ecb.dataset.js';

/** The ECB's first reference day: what the first import of eurofxref-hist.xml leaves in the table goes back to it. */
export const ECB_FIRST_DAY = '1999-01-04';

/** 1 EUR = about `centre` units, quoted with the ECB's decimals (USD 1.0512, GBP 0.84560, MXN 19.8765). */
const CURRENCIES = [
  { code: 'USD', centre: 1.1, decimals: 4 },
  { code: 'GBP', centre: 0.85, decimals: 5 },
  { code: 'MXN', centre: 20, decimals: 4 },
] as const;

export interface SeededRates {
  rows: number;
  currencies: string[];
  from: string;
  to: string;
  /** Longest run of days without a publication (a holiday weekend): rates older than a week would be flagged stale. */
  longestGapDays: number;
}

/**
 * ECB reference rates for every TARGET business day of [from, to] (weekdays, less the days the ECB
 * publishes nothing), source 'ecb', as the importer stores them. Each currency drifts around its
 * centre by a mean-reverting walk of about half a percent a day, the same for the same seed.
 */
export async function seedEuroRates(ds: DataSource, from: string, to: string, seed: number): Promise<SeededRates> {
  if (!isCalendarDate(from) || from > to) throw new Error(`--rates-from must be a calendar day (YYYY-MM-DD) on or before ${to}, got "${from}"`);
  const rng = new Prng(seed ^ 0x0ecb);
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!isTargetHoliday(d)) days.push(d);
  const currencies: string[] = [];
  const dates: string[] = [];
  const rates: string[] = [];
  for (const c of CURRENCIES) {
    let drift = 0;
    for (const day of days) {
      drift = 0.995 * drift + 0.005 * rng.normal();
      currencies.push(c.code);
      dates.push(day);
      rates.push((c.centre * Math.exp(drift)).toFixed(c.decimals));
    }
  }
  await ds.query(
    `INSERT INTO exchange_rates (currency, day, source, eur_rate)
     SELECT v.currency, v.day, 'ecb', v.rate FROM unnest($1::text[], $2::date[], $3::numeric[]) AS v(currency, day, rate)`,
    [currencies, dates, rates],
  );
  let longestGapDays = 0;
  for (let i = 1; i < days.length; i++) longestGapDays = Math.max(longestGapDays, (Date.parse(days[i]) - Date.parse(days[i - 1])) / 86_400_000);
  return { rows: rates.length, currencies: CURRENCIES.map((c) => c.code), from: days[0], to: days[days.length - 1], longestGapDays };
}

/**
 * The days' figures straight from `calls` in `currency`: every call's amounts converted one by one at
 * the rate in force on its UTC day (rounded to 10 decimals like the money columns), then added. The
 * service converts per (workspace, day, currency) sum instead, so the two may differ by 1e-10 an amount.
 * The synthetic calls are billed in dollars; a call billed otherwise stops the check.
 */
export async function convertedFigures(ds: DataSource, from: string, to: string, currency: string): Promise<{ calls: number; totalCost: string }> {
  const [row] = await ds.query(
    `WITH rates AS (
       SELECT d::date AS day,
              CASE WHEN $3 = 'EUR' THEN 1 ELSE (SELECT eur_rate FROM exchange_rates WHERE currency = $3 AND day <= d::date ORDER BY day DESC LIMIT 1) END AS target,
              (SELECT eur_rate FROM exchange_rates WHERE currency = 'USD' AND day <= d::date ORDER BY day DESC LIMIT 1) AS usd
         FROM generate_series($1::date, $2::date, interval '1 day') AS d)
     SELECT count(*)::int AS calls,
            COALESCE(sum(round(COALESCE(c.twilio_cost, 0) * r.target / r.usd, 10) + round(COALESCE(c.elevenlabs_cost, 0) * r.target / r.usd, 10)), 0)::text AS total,
            count(*) FILTER (WHERE COALESCE(c.twilio_price_unit, 'USD') <> 'USD' OR COALESCE(c.elevenlabs_currency, 'USD') <> 'USD')::int AS not_usd
       FROM calls c JOIN rates r ON r.day = (c.started_at AT TIME ZONE 'UTC')::date
      WHERE c.started_at >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND c.started_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'`,
    [from, to, currency],
  );
  if (row.not_usd > 0) throw new Error(`${row.not_usd} calls are not billed in USD: the direct conversion handles dollars only`);
  return { calls: row.calls as number, totalCost: row.total as string };
}
