import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { plainDecimal } from '../common/money.js';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { lastDayOfMonth, type PeriodShape, todayIn, zonedInstant } from './periods.js';
import { addFigures, callShare, change, type Change, type Figures, figures, runRate } from './report-figures.js';
import { type ReportScope, ReportScopeResolver } from './report-scope.js';
import { assertRatesFound, type ConversionColumns, convertedSumsSql, type StaleRate, staleRatesOf } from './report-conversion.js';
import { COUNTS, type RawSums, reportSource, VENDOR_MONEY } from './report-source.js';

export interface WorkspaceFigures extends Figures {
  workspaceId: string;
  slug: string;
  name: string;
  /** The workspace's own currency: the one its client pays in and its clientPricePerMinute is in. */
  clientCurrency: string;
  clientPricePerMinute: string | null;
  /** clientPricePerMinute × minutes, converted per UTC day into the report's currency; null without a client price. */
  clientRevenue: string | null;
  /** clientRevenue − totalCost, in the report's currency; null without a client price. */
  margin: string | null;
}

export interface Summary extends Figures {
  from: string;
  to: string;
  timezone: string;
  /** ISO 4217: every amount is in it. */
  currency: string;
  workspace: string | null;
  /** Shares of calls, 4 decimals (0.0123 = 1.23 %). */
  unpricedShare: string | null;
  estimatedShare: string | null;
  /** Over the workspaces that have a client price per minute; null when none has. */
  clientRevenue: string | null;
  margin: string | null;
  /** Rates the conversion used that had not been published for over a week (ECB silent, no manual rate). */
  staleRates: StaleRate[];
}

export interface Bucket extends Figures {
  /** First day of the bucket (YYYY-MM-DD, report time zone). */
  bucket: string;
}

export interface Forecast {
  month: string;
  /** Cost so far this month, within the report's filters. */
  actualToDate: string;
  /** actualToDate / elapsed days × days in the month; equals actualToDate once the month is over. */
  forecast: string;
  daysElapsed: string;
  daysInMonth: number;
}

/** What a comparison measured the period against: the previous period by the calendar (periods.ts). */
export interface ComparedWith {
  /** month, week, day, or a free range (compared with as many days before). */
  shape: PeriodShape;
  from: string;
  to: string;
  /** For a period still running: the instant the previous span stops at (ISO 8601), the same wall time as now; null when whole. */
  until: string | null;
}

export interface Comparison {
  current: Summary;
  previous: Summary;
  change: Record<'calls' | 'minutes' | 'twilioCost' | 'elevenlabsCost' | 'totalCost' | 'costPerMinute', Change | null>;
  forecast: Forecast;
  comparedWith: ComparedWith;
}

/** A comparison with the period's per-workspace rows (its summary is their sum), the forecast only where asked. */
export interface RowsComparison extends Omit<Comparison, 'forecast'> {
  forecast: Forecast | null;
  rows: WorkspaceFigures[];
}

/** What a forecast can project: the figures that add up over days. */
export type ForecastMetric = 'totalCost' | 'twilioCost' | 'elevenlabsCost' | 'calls' | 'minutes';

const COMPARED = ['calls', 'minutes', 'twilioCost', 'elevenlabsCost', 'totalCost', 'costPerMinute'] as const;

/** The single place where costs are added up: every screen, message and file reads from here. */
@Injectable()
export class ReportingService {
  constructor(
    private readonly ds: DataSource,
    private readonly scopes: ReportScopeResolver,
    private readonly clock: Clock,
  ) {}

  /** Per workspace (every workspace in scope, with zeros), margin where a client price is set. */
  async workspaces(scope: ReportScope): Promise<WorkspaceFigures[]> {
    return (await this.workspaceRows(scope)).rows;
  }

  /**
   * The per-workspace rows and the stale rates their conversion used. A workspace's revenue is its
   * client price (in its own currency) × minutes, converted like the costs, per UTC day.
   */
  async workspaceRows(scope: ReportScope): Promise<{ rows: WorkspaceFigures[]; staleRates: StaleRate[] }> {
    const params: unknown[] = [scope.currency];
    const source = reportSource(scope, params);
    const sums = convertedSumsSql({
      from: source,
      keys: [['workspace_id', 's.workspace_id']],
      at: 's.at',
      counts: COUNTS,
      money: VENDOR_MONEY,
      perGroup: {
        join: 'JOIN workspaces w ON w.id = g0.workspace_id',
        money: [{ name: 'client_revenue', sum: 'g0.seconds * w.client_price_per_minute / 60', currency: 'w.currency' }],
      },
      target: '$1',
    });
    const only = scope.workspace ? `WHERE w.id = $${params.push(scope.workspace.id)}` : '';
    const rows: Array<
      Partial<RawSums & ConversionColumns> & { id: string; slug: string; name: string; client_currency: string; price: string | null; client_revenue: string | null }
    > = await this.ds.query(
      `SELECT w.id, w.slug, w.name, w.currency AS client_currency, w.client_price_per_minute AS price, a.*
           FROM workspaces w
           LEFT JOIN (${sums}) a ON a.workspace_id = w.id
           ${only}
          ORDER BY COALESCE(a.twilio_cost + a.elevenlabs_cost, 0) DESC, w.name`,
      params,
    );
    assertRatesFound(rows as ConversionColumns[]);
    const figuresRows = rows.map((r): WorkspaceFigures => {
      const f = figures({
        calls: r.calls ?? '0',
        seconds: r.seconds ?? '0',
        twilio_cost: r.twilio_cost ?? '0',
        elevenlabs_cost: r.elevenlabs_cost ?? '0',
        elevenlabs_credits: r.elevenlabs_credits ?? '0',
        unpriced_calls: r.unpriced_calls ?? '0',
        estimated_calls: r.estimated_calls ?? '0',
      });
      const revenue = r.price === null ? null : new Decimal(r.client_revenue ?? 0);
      return {
        workspaceId: r.id,
        slug: r.slug,
        name: r.name,
        ...f,
        clientCurrency: r.client_currency,
        clientPricePerMinute: plainDecimal(r.price),
        clientRevenue: revenue?.toFixed(6) ?? null,
        margin: revenue ? revenue.minus(f.totalCost).toFixed(6) : null,
      };
    });
    return { rows: figuresRows, staleRates: staleRatesOf(rows as ConversionColumns[]) };
  }

  /**
   * MissingRateError (400) unless every amount of the scope has a rate on or before its day in the
   * scope's currency: what a download checks before its first byte, after which it could only cut the connection.
   */
  async assertConvertible(scope: ReportScope): Promise<void> {
    const params: unknown[] = [scope.currency];
    const sql = convertedSumsSql({ from: reportSource(scope, params), keys: [], at: 's.at', counts: [], money: VENDOR_MONEY, target: '$1' });
    assertRatesFound(await this.ds.query<ConversionColumns[]>(sql, params));
  }

  /** Totals of the period: exactly the sum of the per-workspace rows. */
  async summary(scope: ReportScope): Promise<Summary> {
    const { rows, staleRates } = await this.workspaceRows(scope);
    return summarize(scope, rows, staleRates);
  }

  async timeseries(scope: ReportScope, bucket: 'day' | 'week' | 'month'): Promise<Bucket[]> {
    return (await this.timeseriesWithRates(scope, bucket)).points;
  }

  async timeseriesWithRates(scope: ReportScope, bucket: 'day' | 'week' | 'month'): Promise<{ points: Bucket[]; staleRates: StaleRate[] }> {
    const params: unknown[] = [scope.currency, scope.from, scope.to, bucket, scope.tz];
    const source = reportSource(scope, params);
    // Sum and convert per instant first: far fewer rows to convert to the zone's calendar than sources.
    const hours = convertedSumsSql({ from: source, keys: [['at', 's.at']], at: 's.at', counts: COUNTS, money: VENDOR_MONEY, target: '$1' });
    const rows: Array<RawSums & ConversionColumns & { bucket: string }> = await this.ds.query(
      `WITH buckets AS (
         SELECT generate_series(date_trunc($4, $2::date), $3::date, ('1 ' || $4)::interval)::date AS bucket
       ), hours AS (${hours}
       ), sums AS (
         SELECT date_trunc($4, s.at AT TIME ZONE $5)::date AS bucket, ${COUNTS.map(([n]) => `sum(s.${n}) AS ${n}`).join(', ')},
                sum(s.twilio_cost) AS twilio_cost, sum(s.elevenlabs_cost) AS elevenlabs_cost
           FROM hours s GROUP BY 1
       )
       SELECT b.bucket::text AS bucket, COALESCE(x.calls, 0) AS calls, COALESCE(x.seconds, 0) AS seconds,
              COALESCE(x.twilio_cost, 0) AS twilio_cost, COALESCE(x.elevenlabs_cost, 0) AS elevenlabs_cost,
              COALESCE(x.elevenlabs_credits, 0) AS elevenlabs_credits, COALESCE(x.unpriced_calls, 0) AS unpriced_calls,
              COALESCE(x.estimated_calls, 0) AS estimated_calls, v.missing_currency, v.missing_day, v.stale_rates
         FROM buckets b LEFT JOIN sums x ON x.bucket = b.bucket
         -- The conversion's verdict (the same on every converted row).
         LEFT JOIN (SELECT missing_currency, missing_day, stale_rates FROM hours LIMIT 1) v ON true
        ORDER BY b.bucket`,
      params,
    );
    assertRatesFound(rows);
    return { points: rows.map((r) => ({ bucket: r.bucket, ...figures(r) })), staleRates: staleRatesOf(rows) };
  }

  /** Against the previous period by the calendar (see previousPeriod), with a month-end forecast from the run rate. */
  async compare(scope: ReportScope, named?: PeriodShape, now?: Date): Promise<Comparison> {
    const c = await this.compareWithRows(scope, { named, now });
    // Asked with its forecast, so the forecast is there.
    return { current: c.current, previous: c.previous, change: c.change, forecast: c.forecast as Forecast, comparedWith: c.comparedWith };
  }

  /**
   * The comparison and the rows it was summed from, in one round of queries: the period's workspace
   * rows, the previous span's summary and (where asked) the month's figures for the forecast, which are
   * the period's own when it is the month so far. `named`: the shape the user asked for, when known.
   */
  async compareWithRows(scope: ReportScope, options: { named?: PeriodShape; forecast?: boolean; now?: Date } = {}): Promise<RowsComparison> {
    const now = options.now ?? this.clock.now();
    const currentRows = this.workspaceRows(scope);
    const plan = options.forecast === false ? null : forecastPlan(scope, now);
    const [period, { previous, comparedWith }, forecast] = await Promise.all([
      currentRows,
      this.scopes.previous(scope, now, options.named).then(async (p) => ({ previous: await this.summary(p.scope), comparedWith: p.comparedWith })),
      plan ? this.forecastFor(plan, scope, now, 'totalCost', currentRows) : null,
    ]);
    const current = summarize(scope, period.rows, period.staleRates);
    return {
      current,
      previous,
      change: Object.fromEntries(COMPARED.map((k) => [k, change(current[k], previous[k])])) as Comparison['change'],
      forecast,
      comparedWith,
      rows: period.rows,
    };
  }

  /** The month of `to`: `metric` so far and, while the month runs, its month-end figure at this pace. */
  async forecast(scope: ReportScope, metric: ForecastMetric = 'totalCost', now: Date = this.clock.now()): Promise<Forecast> {
    return this.forecastFor(forecastPlan(scope, now), scope, now, metric);
  }

  private async forecastFor(plan: ForecastPlan, scope: ReportScope, now: Date, metric: ForecastMetric, periodRows?: Promise<{ rows: WorkspaceFigures[] }>): Promise<Forecast> {
    const result = (actual: Decimal, forecast: Decimal, elapsed: Decimal): Forecast => ({
      month: plan.month,
      actualToDate: actual.toFixed(),
      forecast: forecast.toFixed(6),
      daysElapsed: elapsed.toFixed(2),
      daysInMonth: plan.daysInMonth,
    });
    if (plan.to === null) return result(new Decimal(0), new Decimal(0), new Decimal(0));
    // The month so far is often the period itself: its figures are already on their way.
    const sameDays = scope.from === plan.first && scope.to === plan.to;
    const month = sameDays
      ? periodRows
        ? summarize(scope, (await periodRows).rows)
        : await this.summary(scope)
      : await this.summary(await this.scopes.rescope(scope, plan.first, plan.to));
    const actual = forecastValue(month, metric);
    if (!plan.running) return result(actual, actual, new Decimal(plan.daysInMonth));
    // Time gone by in the zone's month so far, today's part included.
    const elapsed = Decimal.max(new Decimal(now.getTime() - zonedInstant(plan.first, 0, scope.tz).getTime()).div(86_400_000), 1 / 24);
    return result(actual, runRate(actual, elapsed, plan.daysInMonth), elapsed);
  }
}

interface ForecastPlan {
  month: string;
  first: string;
  daysInMonth: number;
  running: boolean;
  /** The last day of the month counted so far (today while it runs), or null before it begins. */
  to: string | null;
}

function forecastPlan(scope: ReportScope, now: Date): ForecastPlan {
  const month = scope.to.slice(0, 7);
  const first = `${month}-01`;
  const last = lastDayOfMonth(month);
  const today = todayIn(scope.tz, now);
  const running = today >= first && today <= last;
  return { month, first, daysInMonth: Number(last.slice(8)), running, to: today < first ? null : running ? today : last };
}

function forecastValue(f: Figures, metric: ForecastMetric): Decimal {
  switch (metric) {
    case 'calls':
      return new Decimal(f.calls);
    case 'minutes':
      return new Decimal(f.seconds).div(60);
    default:
      return new Decimal(f[metric]);
  }
}

export function summarize(scope: ReportScope, rows: WorkspaceFigures[], staleRates: StaleRate[] = []): Summary {
  const total = addFigures(rows);
  const priced = rows.filter((r) => r.clientRevenue !== null);
  const revenue = priced.length ? priced.reduce((sum, r) => sum.plus(r.clientRevenue as string), new Decimal(0)) : null;
  const pricedCost = priced.reduce((sum, r) => sum.plus(r.totalCost), new Decimal(0));
  return {
    from: scope.from,
    to: scope.to,
    timezone: scope.tz,
    currency: scope.currency,
    workspace: scope.workspace?.slug ?? null,
    ...total,
    unpricedShare: callShare(total.unpricedCalls, total.calls),
    estimatedShare: callShare(total.estimatedCalls, total.calls),
    clientRevenue: revenue?.toFixed(6) ?? null,
    margin: revenue ? revenue.minus(pricedCost).toFixed(6) : null,
    staleRates,
  };
}
