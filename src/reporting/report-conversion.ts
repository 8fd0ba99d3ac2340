import { MissingRateError, rateInForceSql, STALE_AFTER_DAYS } from '../exchange-rates/exchange-rates.service.js';

/**
 * Money in the report's currency. Every amount keeps the currency it was billed in (a call's Twilio
 * price unit, its ElevenLabs currency, a workspace's client price in its own currency); a report
 * converts them at the euro reference rate in force on each call's UTC day, never an average of the
 * period, and only then adds them up.
 *
 * Conversion is linear, so it is done on sums, not calls: rows are first summed per group key, UTC
 * day and currency (from the hourly rollups, a few rows per workspace and day), each such sum is
 * converted at its day's rate (amount × target-per-EUR / source-per-EUR, in numeric, rounded to the
 * money columns' 10 decimals), and the converted sums are added per key. The result equals
 * converting every call and adding them, to 1e-10 a group. Only the (day, currency) pairs that carry
 * an amount look a rate up: a report in the currency its calls were billed in needs none.
 */

/** An amount to sum and convert: `sum` aggregates the source rows, all of them billed in `currency`. */
export interface MoneySum {
  name: string;
  sum: string;
  /** SQL over one source row: the currency its amount is in. Grouped by, so one per group. */
  currency: string;
}

export interface ConversionQuery {
  /** FROM clause (with its aliases and joins) whose rows are summed. */
  from: string;
  /** Output key columns: [name, SQL expression over the source rows]. */
  keys: Array<[string, string]>;
  /** SQL over one source row: the instant that decides its UTC day. */
  at: string;
  /** Sums that are not money (calls, seconds, credits): [name, aggregate]. */
  counts: Array<[string, string]>;
  money: MoneySum[];
  /**
   * Amounts worked out per group after summing, from a table joined to the groups (alias g0, with the
   * key, count and money names above): a workspace's revenue is its price × the group's seconds, in
   * its own currency. Joined to a few hundred groups rather than to every source row.
   */
  perGroup?: { join: string; money: MoneySum[] };
  /** The report's currency, as a bind parameter reference ($n). */
  target: string;
}

/** A rate the report used that had not been published for more than STALE_AFTER_DAYS days. */
export interface StaleRate {
  currency: string;
  /** First and last day converted at this rate. */
  from: string;
  to: string;
  /** The day the rate was published for. */
  publishedOn: string;
}

/** What every converted query adds to each of its rows. */
export interface ConversionColumns {
  missing_currency: string | null;
  missing_day: string | null;
  stale_rates: StaleRate[] | null;
}

/**
 * A query of `keys` and their sums, money converted into `target`, plus on every row the first
 * (currency, day) that had no rate (`missing_currency`, `missing_day`) and the stale rates used.
 */
export function convertedSumsSql(q: ConversionQuery): string {
  const keyNames = q.keys.map(([name]) => name);
  const money = [...q.money, ...(q.perGroup?.money ?? [])];
  const curs = q.money.map((m, i) => [`cur_${i}`, m.currency] as const);
  const groupCols = [...q.keys.map(([name, expr]) => `${expr} AS ${name}`), `(${q.at} AT TIME ZONE 'UTC')::date AS utc_day`, ...curs.map(([n, e]) => `${e} AS ${n}`)];
  const groupSums = [...q.counts.map(([n, agg]) => `${agg} AS ${n}`), ...q.money.map((m) => `${m.sum} AS ${m.name}`)];
  const perGroup = (q.perGroup?.money ?? []).flatMap((m, i) => [`${m.sum} AS ${m.name}`, `${m.currency} AS cur_${q.money.length + i}`]);
  // A pair needs a rate only where it carries an amount.
  const needs = money.map((m, i) => `(cur_${i}, ${m.name} <> 0)`).join(', ');
  const joins = money.map((_, i) => `LEFT JOIN fx f${i} ON f${i}.day = g.utc_day AND f${i}.currency = g.cur_${i}`).join('\n');
  const converted = money.map(
    (m, i) => `COALESCE(sum(CASE WHEN g.cur_${i} = ${q.target} THEN g.${m.name} ELSE round(g.${m.name} * f${i}.to_rate / f${i}.from_rate, 10) END), 0) AS ${m.name}`,
  );
  const outCols = [...keyNames.map((n) => `g.${n}`), ...q.counts.map(([n]) => `COALESCE(sum(g.${n}), 0) AS ${n}`), ...converted];
  return `WITH g0 AS (
      SELECT ${groupCols.join(', ')}, ${groupSums.join(', ')}
        FROM ${q.from}
       GROUP BY ${groupCols.map((_, i) => i + 1).join(', ')}
    ), g AS MATERIALIZED (
      SELECT g0.*${perGroup.map((c) => `, ${c}`).join('')} FROM g0 ${q.perGroup?.join ?? ''}
    ), need AS (
      SELECT DISTINCT g.utc_day AS day, v.currency FROM g CROSS JOIN LATERAL (VALUES ${needs}) v(currency, has_amount)
       WHERE v.has_amount AND v.currency <> ${q.target}
    ), fx AS MATERIALIZED (
      SELECT n.day, n.currency, f.eur_rate AS from_rate, f.published AS from_published, t.eur_rate AS to_rate, t.published AS to_published
        FROM need n
        LEFT JOIN LATERAL ${rateInForceSql('n.currency', 'n.day')} f ON true
        LEFT JOIN LATERAL ${rateInForceSql(q.target, 'n.day')} t ON true
    ), missing AS (
      SELECT CASE WHEN from_rate IS NULL THEN currency ELSE ${q.target}::text END AS currency, day::text AS day
        FROM fx WHERE from_rate IS NULL OR to_rate IS NULL ORDER BY fx.day, 1 LIMIT 1
    ), stale AS (
      SELECT json_agg(json_build_object('currency', currency, 'from', first::text, 'to', last::text, 'publishedOn', published::text) ORDER BY currency, published) AS rates
        FROM (SELECT currency, published, min(day) AS first, max(day) AS last
                FROM (SELECT currency, day, from_published AS published FROM fx
                      UNION SELECT ${q.target}::text, day, to_published FROM fx) u
               WHERE day - published > ${STALE_AFTER_DAYS} GROUP BY 1, 2) r
    )
    SELECT ${outCols.join(', ')},
           (SELECT currency FROM missing) AS missing_currency, (SELECT day FROM missing) AS missing_day, (SELECT rates FROM stale) AS stale_rates
      FROM g ${joins}
     ${keyNames.length ? `GROUP BY ${keyNames.map((n) => `g.${n}`).join(', ')}` : ''}`;
}

/**
 * The 400 a report answers when a converted amount had no rate: thrown for the first missing pair.
 * Rows is what convertedSumsSql returned (every row carries the same verdict).
 */
export function assertRatesFound(rows: ConversionColumns[]): void {
  const row = rows.find((r) => r.missing_currency !== null);
  if (row) throw new MissingRateError(row.missing_currency!, row.missing_day!);
}

/** The stale rates a converted query reported (the same on every row), or none. */
export function staleRatesOf(rows: ConversionColumns[]): StaleRate[] {
  return rows.find((r) => r.stale_rates !== null)?.stale_rates ?? [];
}

/**
 * One amount in SQL, converted into `target` at the rates in force on `day` (SQL expressions of the
 * outer row): null when the amount is null or a rate is missing. For listing calls one by one; a
 * call already in the target currency looks nothing up.
 */
export function convertedAmountSql(amount: string, currency: string, day: string, target: string): string {
  return `CASE WHEN ${amount} IS NULL OR ${currency} = ${target} THEN ${amount}
               ELSE round(${amount} * (SELECT t.eur_rate FROM ${rateInForceSql(target, day)} t) / (SELECT f.eur_rate FROM ${rateInForceSql(currency, day)} f), 10) END`;
}
