import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { plainDecimal } from '../common/money.js';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { lastDayOfMonth, type PeriodShape, todayIn, zonedInstant } from './periods.js';
import { addFigures, callShare, change, type Change, type Figures, figures, runRate } from './report-figures.js';
import { type ReportScope, ReportScopeResolver } from './report-scope.js';
import { type RawSums, reportSource, SUMS } from './report-source.js';

/** Reports are in the vendors' currency: both bill in US dollars. */
export const REPORT_CURRENCY = 'USD';

export interface WorkspaceFigures extends Figures {
  workspaceId: string;
  slug: string;
  name: string;
  clientPricePerMinute: string | null;
  /** clientPricePerMinute × minutes; null without a client price. */
  clientRevenue: string | null;
  /** clientRevenue − totalCost; null without a client price. */
  margin: string | null;
}

export interface Summary extends Figures {
  from: string;
  to: string;
  timezone: string;
  currency: string;
  workspace: string | null;
  /** Shares of calls, 4 decimals (0.0123 = 1.23 %). */
  unpricedShare: string | null;
  estimatedShare: string | null;
  /** Over the workspaces that have a client price per minute; null when none has. */
  clientRevenue: string | null;
  margin: string | null;
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
    const params: unknown[] = [];
    const source = reportSource(scope, params);
    const only = scope.workspace ? `WHERE w.id = $${params.push(scope.workspace.id)}` : '';
    const rows: Array<RawSums & { id: string; slug: string; name: string; price: string | null }> = await this.ds.query(
      `SELECT w.id, w.slug, w.name, w.client_price_per_minute AS price, a.*
         FROM workspaces w
         LEFT JOIN (SELECT s.workspace_id, ${SUMS} FROM ${source} GROUP BY s.workspace_id) a ON a.workspace_id = w.id
         ${only}
        ORDER BY COALESCE(a.twilio_cost + a.elevenlabs_cost, 0) DESC, w.name`,
      params,
    );
    return rows.map((r) => {
      const f = figures({
        calls: r.calls ?? '0',
        seconds: r.seconds ?? '0',
        twilio_cost: r.twilio_cost ?? '0',
        elevenlabs_cost: r.elevenlabs_cost ?? '0',
        elevenlabs_credits: r.elevenlabs_credits ?? '0',
        unpriced_calls: r.unpriced_calls ?? '0',
        estimated_calls: r.estimated_calls ?? '0',
      });
      const revenue = r.price === null ? null : new Decimal(r.price).times(f.seconds).div(60);
      return {
        workspaceId: r.id,
        slug: r.slug,
        name: r.name,
        ...f,
        clientPricePerMinute: plainDecimal(r.price),
        clientRevenue: revenue?.toFixed(6) ?? null,
        margin: revenue ? revenue.minus(f.totalCost).toFixed(6) : null,
      };
    });
  }

  /** Totals of the period: exactly the sum of the per-workspace rows. */
  async summary(scope: ReportScope): Promise<Summary> {
    return summarize(scope, await this.workspaces(scope));
  }

  async timeseries(scope: ReportScope, bucket: 'day' | 'week' | 'month'): Promise<Bucket[]> {
    const params: unknown[] = [scope.from, scope.to, bucket, scope.tz];
    const source = reportSource(scope, params);
    const rows: Array<RawSums & { bucket: string }> = await this.ds.query(
      `WITH buckets AS (
         SELECT generate_series(date_trunc($3, $1::date), $2::date, ('1 ' || $3)::interval)::date AS bucket
       ), hours AS (
         -- Sum per instant first: far fewer rows to convert to the zone's calendar than sources.
         SELECT s.at, ${SUMS} FROM ${source} GROUP BY s.at
       ), sums AS (
         SELECT date_trunc($3, s.at AT TIME ZONE $4)::date AS bucket, ${SUMS} FROM hours s GROUP BY 1
       )
       SELECT b.bucket::text AS bucket, COALESCE(x.calls, 0) AS calls, COALESCE(x.seconds, 0) AS seconds,
              COALESCE(x.twilio_cost, 0) AS twilio_cost, COALESCE(x.elevenlabs_cost, 0) AS elevenlabs_cost,
              COALESCE(x.elevenlabs_credits, 0) AS elevenlabs_credits, COALESCE(x.unpriced_calls, 0) AS unpriced_calls,
              COALESCE(x.estimated_calls, 0) AS estimated_calls
         FROM buckets b LEFT JOIN sums x ON x.bucket = b.bucket ORDER BY b.bucket`,
      params,
    );
    return rows.map((r) => ({ bucket: r.bucket, ...figures(r) }));
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
    const currentRows = this.workspaces(scope);
    const plan = options.forecast === false ? null : forecastPlan(scope, now);
    const [rows, { previous, comparedWith }, forecast] = await Promise.all([
      currentRows,
      this.scopes.previous(scope, now, options.named).then(async (p) => ({ previous: await this.summary(p.scope), comparedWith: p.comparedWith })),
      plan ? this.forecastFor(plan, scope, now, 'totalCost', currentRows) : null,
    ]);
    const current = summarize(scope, rows);
    return {
      current,
      previous,
      change: Object.fromEntries(COMPARED.map((k) => [k, change(current[k], previous[k])])) as Comparison['change'],
      forecast,
      comparedWith,
      rows,
    };
  }

  /** The month of `to`: `metric` so far and, while the month runs, its month-end figure at this pace. */
  async forecast(scope: ReportScope, metric: ForecastMetric = 'totalCost', now: Date = this.clock.now()): Promise<Forecast> {
    return this.forecastFor(forecastPlan(scope, now), scope, now, metric);
  }

  private async forecastFor(plan: ForecastPlan, scope: ReportScope, now: Date, metric: ForecastMetric, periodRows?: Promise<WorkspaceFigures[]>): Promise<Forecast> {
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
        ? summarize(scope, await periodRows)
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

export function summarize(scope: ReportScope, rows: WorkspaceFigures[]): Summary {
  const total = addFigures(rows);
  const priced = rows.filter((r) => r.clientRevenue !== null);
  const revenue = priced.length ? priced.reduce((sum, r) => sum.plus(r.clientRevenue as string), new Decimal(0)) : null;
  const pricedCost = priced.reduce((sum, r) => sum.plus(r.totalCost), new Decimal(0));
  return {
    from: scope.from,
    to: scope.to,
    timezone: scope.tz,
    currency: REPORT_CURRENCY,
    workspace: scope.workspace?.slug ?? null,
    ...total,
    unpricedShare: callShare(total.unpricedCalls, total.calls),
    estimatedShare: callShare(total.estimatedCalls, total.calls),
    clientRevenue: revenue?.toFixed(6) ?? null,
    margin: revenue ? revenue.minus(pricedCost).toFixed(6) : null,
  };
}
