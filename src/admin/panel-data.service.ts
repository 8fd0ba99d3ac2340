import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { isDayInRange, MAX_YEAR, MIN_YEAR } from '../common/input-rules.js';
import { AppConfig } from '../config/app-config.js';
import { AgentsReportQuery } from '../reporting/agents.report.js';
import { comparedWithWords, isPanelPreset, PANEL_PRESETS, type PeriodShape, periodRange, todayIn } from '../reporting/periods.js';
import { ReportCalls } from '../reporting/report-calls.js';
import { provisionalShares } from '../reporting/report-figures.js';
import { isTimeZone, reportCurrency, ReportScopeResolver } from '../reporting/report-scope.js';
import { type ComparedWith, ReportingService } from '../reporting/reporting.service.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import { ReconciliationPanelService } from './reconciliation-panel.service.js';

export interface PanelPeriod {
  from?: string;
  to?: string;
  tz?: string;
  /** A period button (month, lastMonth, last7, last30): its days are worked out here, by the server's clock and zone. */
  preset?: string;
  /** ISO 4217 the figures are wanted in (checked by the resolver, as the API checks it); blank: the page's default. */
  currency?: string;
}

/** How each button's period is compared: months with months, the last N days with the N days before. */
const PRESET_SHAPE: Record<keyof typeof PANEL_PRESETS, PeriodShape> = { month: 'month', lastMonth: 'month', last7: 'range', last30: 'range' };

/**
 * What the dashboard and the workspace page show. Every figure comes from the reporting module, the
 * same code behind /api/reports; this only gathers several reports into one answer per screen.
 */
@Injectable()
export class PanelDataService {
  constructor(
    private readonly reports: ReportingService,
    private readonly scopes: ReportScopeResolver,
    private readonly calls: ReportCalls,
    private readonly workspaces: WorkspacesService,
    private readonly ds: DataSource,
    private readonly reconciliation: ReconciliationPanelService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly agents: AgentsReportQuery,
  ) {}

  async dashboard(period: PanelPeriod) {
    const { query, named } = this.periodQuery(period);
    const scope = await this.scopes.resolve(query);
    const [comparison, series, workspaces, lastSyncs, latestRun, ledgerDrift, components, currencies] = await Promise.all([
      this.reports.compareWithRows(scope, { named }),
      this.reports.timeseries(scope, 'day'),
      this.workspaces.list(),
      this.lastSyncPerWorkspace(),
      this.latestRun(),
      this.reconciliation.drift(),
      this.agents.byDay(scope),
      this.currencies(),
    ]);
    const byWorkspace = comparison.rows;
    const figures = new Map(byWorkspace.map((w) => [w.workspaceId, w]));
    return {
      from: scope.from,
      to: scope.to,
      timezone: scope.tz,
      currency: scope.currency,
      currencies: withCurrency(currencies, scope.currency),
      summary: comparison.current,
      provisional: provisionalShares(comparison.current),
      previous: comparison.previous,
      change: comparison.change,
      comparedWith: this.comparedWith(comparison.comparedWith, scope.tz),
      forecast: comparison.forecast,
      daily: series,
      // Cost per minute by component (telephony, agent platform, LLM, not broken down) per day.
      dailyComponents: components.map((d) => ({ day: d.day, minutes: d.minutes, costPerMinute: d.costPerMinute })),
      byWorkspace,
      workspaces: workspaces.map((w) => ({
        id: w.id,
        name: w.name,
        slug: w.slug,
        active: w.active,
        numbers: w.twilioPhoneNumbers,
        figures: figures.get(w.id) ?? null,
        provisional: provisionalShares(figures.get(w.id) ?? { calls: 0, unpricedCalls: 0, estimatedCalls: 0 }),
        lastSync: lastSyncs.get(w.id) ?? null,
      })),
      latestRun,
      // Closed days still drifting after the sync's repair: the dashboard's badge, whatever the period.
      ledgerDrift,
    };
  }

  async workspace(id: string, period: PanelPeriod) {
    const { query, named } = this.periodQuery(period);
    const resolved = await this.scopes.resolve({ ...query, workspace: id });
    // Unless the user picked one, a client's page is in the client's own currency (the one it is billed in).
    const scope = query.currency ? resolved : { ...resolved, currency: resolved.workspace!.currency };
    const [comparison, series, snapshots, latestCalls, lastSyncs, currencies] = await Promise.all([
      this.reports.compare(scope, named),
      this.reports.timeseries(scope, 'day'),
      this.workspaces.history(id, 60),
      this.calls.page(scope, 'startedAt', 'desc', 1, 15),
      this.lastSyncPerWorkspace(id),
      this.currencies(),
    ]);
    const s = comparison.current;
    return {
      from: scope.from,
      to: scope.to,
      timezone: scope.tz,
      currency: scope.currency,
      currencies: withCurrency(currencies, scope.currency),
      workspace: scope.workspace,
      summary: s,
      provisional: provisionalShares(s),
      change: comparison.change,
      comparedWith: this.comparedWith(comparison.comparedWith, scope.tz),
      forecast: comparison.forecast,
      platforms: [
        { platform: 'Twilio', cost: s.twilioCost },
        { platform: 'ElevenLabs', cost: s.elevenlabsCost },
      ],
      daily: series,
      snapshots: snapshots.map((snap) => ({
        takenAt: snap.takenAt,
        calls: snap.calls,
        minutes: snap.minutes,
        twilioCost: snap.twilioCost,
        elevenlabsCost: snap.elevenlabsCost,
        totalCost: snap.totalCost,
        // A snapshot keeps the currency it was taken in, whatever the page's.
        currency: snap.currency,
      })),
      latestCalls: latestCalls.items,
      lastSync: lastSyncs.get(id) ?? null,
    };
  }

  /** The days of what the user picked, without figures, and the currencies to offer (the Excel page's link). */
  async period(period: PanelPeriod): Promise<{ from?: string; to?: string; currency: string; currencies: string[] }> {
    const { query } = this.periodQuery(period);
    const currency = query.currency ? reportCurrency(query.currency) : this.config.reporting.currency;
    return { from: query.from, to: query.to, currency, currencies: withCurrency(await this.currencies(), currency) };
  }

  /**
   * What the currency picker offers: the euro, REPORT_CURRENCY, every currency with an exchange rate
   * and every client's own. Another code can still be asked for by URL; a missing rate is a 400.
   */
  private async currencies(): Promise<string[]> {
    // One index probe per currency (a loose scan) rather than reading every day's rates.
    const rows = await this.ds.query<Array<{ currency: string }>>(
      `WITH RECURSIVE rated AS (
         SELECT min(currency) AS currency FROM exchange_rates
         UNION ALL
         SELECT (SELECT min(e.currency) FROM exchange_rates e WHERE e.currency > rated.currency) FROM rated WHERE rated.currency IS NOT NULL
       )
       SELECT currency FROM rated WHERE currency IS NOT NULL
       UNION SELECT DISTINCT currency FROM workspaces`,
    );
    return withCurrency(
      rows.map((r) => r.currency),
      'EUR',
      this.config.reporting.currency,
    );
  }

  /**
   * The panel sends what the user picked: a button (its days worked out here, so the browser's own
   * clock and zone never decide them) or two dates, which the resolver then checks exactly as the API does.
   */
  private periodQuery(period: PanelPeriod): { query: { from?: string; to?: string; tz?: string; currency?: string }; named?: PeriodShape } {
    const tz = period.tz || undefined;
    const currency = period.currency || undefined;
    if (period.preset) {
      if (!isPanelPreset(period.preset)) throw new BadRequestException(`preset must be one of ${Object.keys(PANEL_PRESETS).join(', ')}`);
      const zone = tz ?? this.config.reporting.timezone;
      if (!isTimeZone(zone)) throw new BadRequestException(`tz '${zone}' is not an IANA time zone such as Europe/Madrid`);
      const range = periodRange(PANEL_PRESETS[period.preset], todayIn(zone, this.clock.now()));
      return { query: { ...range, tz, currency }, named: PRESET_SHAPE[period.preset] };
    }
    for (const key of ['from', 'to'] as const) {
      const value = period[key];
      if (value === undefined || value === '') continue;
      if (!DAY.test(value)) throw new BadRequestException(`${key} must be a date as YYYY-MM-DD`);
      // As the API's DTO refuses them (IsDayInRange): PostgreSQL knows no year 0.
      if (!isDayInRange(value)) throw new BadRequestException(`${key} must be a date in the years ${MIN_YEAR}–${MAX_YEAR}`);
    }
    return { query: { from: period.from || undefined, to: period.to || undefined, tz, currency } };
  }

  /** What the cards' change is measured against, with the words for it in both of the panel's languages. */
  private comparedWith(c: ComparedWith, tz: string) {
    const today = todayIn(tz, this.clock.now());
    return { ...c, words: { es: comparedWithWords('es', c, tz, today), en: comparedWithWords('en', c, tz, today) } };
  }

  /** Per workspace, when its last sync line finished and how it went (worst source of that run). */
  private async lastSyncPerWorkspace(workspaceId?: string): Promise<Map<string, { at: string | null; status: string; error: string | null }>> {
    const rows: Array<{ workspace_id: string; at: Date | null; status: string; error: string | null }> = await this.ds.query(
      `SELECT DISTINCT ON (s.workspace_id) s.workspace_id, r.finished_at AS at,
              CASE WHEN bool_or(s.status = 'failed') OVER w THEN 'failed'
                   WHEN bool_or(s.status <> 'succeeded') OVER w THEN s.status::text ELSE 'succeeded' END AS status,
              max(s.last_error) OVER w AS error
         FROM sync_run_sources s JOIN sync_runs r ON r.id = s.sync_run_id
        WHERE s.workspace_id IS NOT NULL AND ($1::uuid IS NULL OR s.workspace_id = $1)
       WINDOW w AS (PARTITION BY s.workspace_id, s.sync_run_id)
        ORDER BY s.workspace_id, r.started_at DESC`,
      [workspaceId ?? null],
    );
    return new Map(rows.map((r) => [r.workspace_id, { at: r.at ? new Date(r.at).toISOString() : null, status: r.status, error: r.error }]));
  }

  private async latestRun() {
    const [run] = await this.ds.query<Array<{ id: string; status: string; trigger: string; started_at: Date; finished_at: Date | null; error: string | null }>>(
      `SELECT id, status, trigger, started_at, finished_at, error FROM sync_runs ORDER BY started_at DESC LIMIT 1`,
    );
    return run ? { id: run.id, status: run.status, trigger: run.trigger, startedAt: run.started_at, finishedAt: run.finished_at, error: run.error } : null;
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `list` with `extra` added, once each, in alphabetical order. */
function withCurrency(list: string[], ...extra: string[]): string[] {
  return [...new Set([...list, ...extra].map((c) => c.trim()))].sort();
}
