import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { AlertKind, AlertMetric, AlertPeriod, type AlertRule } from '../entities/alert-rule.entity.js';
import { ReportCalls } from '../reporting/report-calls.js';
import { addDays, runningPeriod, todayIn, trailingWeek } from '../reporting/periods.js';
import { type ReportScope, ReportScopeResolver } from '../reporting/report-scope.js';
import { type ForecastMetric, ReportingService } from '../reporting/reporting.service.js';
import {
  crossedTiers,
  DEFAULT_DRIFT_PERCENT,
  DEFAULT_SPIKE_MULTIPLIER,
  driftPercent,
  exceedsDrift,
  inRuleCurrency,
  isAdditive,
  isSpike,
  metricValue,
  tierThreshold,
} from './alert-evaluation.js';
import { type AlertContext, alertNotice, type Contributor, type RuleNotice } from './alert-notice.js';
import { LedgerDriftAlerts } from './ledger-drift.js';

/** One reason to alert: the tiers it covers (0 for kinds without tiers) and what to say for the highest one claimed. */
export interface AlertDecision {
  periodKey: string;
  tiers: Array<{ tier: number; value: string; threshold: string }>;
  notice(highestTier: number): RuleNotice;
}

const TOP = 3;

/** The metrics a month-end forecast projects (cost per minute is a ratio: it has no month-end sum). */
const FORECAST_METRIC: Record<AlertMetric, ForecastMetric | null> = {
  [AlertMetric.TotalCost]: 'totalCost',
  [AlertMetric.TwilioCost]: 'twilioCost',
  [AlertMetric.ElevenlabsCost]: 'elevenlabsCost',
  [AlertMetric.Calls]: 'calls',
  [AlertMetric.Minutes]: 'minutes',
  [AlertMetric.CostPerMinute]: null,
};

/** Measures a rule against the reporting module (never its own sums) and says what, if anything, to send. */
@Injectable()
export class AlertEvaluator {
  constructor(
    private readonly reports: ReportingService,
    private readonly scopes: ReportScopeResolver,
    private readonly calls: ReportCalls,
    private readonly config: AppConfig,
    private readonly ledgerDrift: LedgerDriftAlerts,
    private readonly clock: Clock,
  ) {}

  async evaluate(rule: AlertRule, now = this.clock.now()): Promise<AlertDecision[]> {
    const today = todayIn(this.config.reporting.timezone, now);
    switch (rule.kind) {
      case AlertKind.Threshold:
        return this.threshold(rule, today);
      case AlertKind.Forecast:
        return this.forecast(rule, today, now);
      case AlertKind.Spike:
        return this.perDay(rule, today, (r, d) => this.spike(r, d));
      case AlertKind.UnitCost:
        return this.perDay(rule, today, (r, d) => this.unitCost(r, d));
      case AlertKind.LedgerDrift:
        return this.ledgerDrift.decisions(rule, now);
    }
  }

  private async threshold(rule: AlertRule, today: string): Promise<AlertDecision[]> {
    if (!rule.budget) return [];
    const budget = rule.budget;
    const p = runningPeriod(rule.period, today);
    const scope = await this.scope(rule, p.from, p.to);
    const value = metricValue(await this.reports.summary(scope), rule.metric);
    if (value === null) return [];
    const tiers = crossedTiers(value, budget, rule.tiers);
    if (!tiers.length) return [];
    const ctx = await this.context(rule, scope);
    return [
      {
        periodKey: p.key,
        tiers: tiers.map((tier) => ({ tier, value, threshold: tierThreshold(budget, tier).toFixed() })),
        notice: (tier) => alertNotice(ctx, { kind: 'threshold', period: { unit: rule.period, from: p.from, to: p.to, key: p.key }, tier, value, budget }),
      },
    ];
  }

  /** Month-end at the current pace over the budget: the warning comes before the money is spent. */
  private async forecast(rule: AlertRule, today: string, now: Date): Promise<AlertDecision[]> {
    const metric = FORECAST_METRIC[rule.metric];
    if (!rule.budget || !metric) return [];
    const p = runningPeriod(AlertPeriod.Month, today);
    const scope = await this.scope(rule, p.from, p.to);
    // The reporting module projects the rule's own metric: no second copy of the run-rate formula here.
    const fc = await this.reports.forecast(scope, metric, now);
    if (!new Decimal(fc.forecast).gt(rule.budget)) return [];
    const ctx = await this.context(rule, scope);
    const facts = {
      kind: 'forecast' as const,
      month: fc.month,
      forecast: fc.forecast,
      budget: rule.budget,
      actual: fc.actualToDate,
      daysElapsed: fc.daysElapsed,
      daysInMonth: fc.daysInMonth,
    };
    return [{ periodKey: p.key, tiers: [{ tier: 0, value: facts.forecast, threshold: rule.budget }], notice: () => alertNotice(ctx, facts) }];
  }

  /** Yesterday (whole) and today (so far), each its own period: a spike is news the day it happens. */
  private async perDay(rule: AlertRule, today: string, check: (rule: AlertRule, day: string) => Promise<AlertDecision | null>): Promise<AlertDecision[]> {
    const found = await Promise.all([addDays(today, -1), today].map((day) => check(rule, day)));
    return found.filter((d): d is AlertDecision => d !== null);
  }

  private async spike(rule: AlertRule, day: string): Promise<AlertDecision | null> {
    const week = trailingWeek(day);
    const [dayScope, weekScope] = await Promise.all([this.scope(rule, day, day), this.scope(rule, week.from, week.to)]);
    const [daySummary, weekSummary] = await Promise.all([this.reports.summary(dayScope), this.reports.summary(weekScope)]);
    const value = metricValue(daySummary, rule.metric);
    const weekValue = metricValue(weekSummary, rule.metric);
    if (value === null || weekValue === null) return null;
    // A daily average: the week's total over its 7 days (a ratio such as cost per minute is already one).
    const average = isAdditive(rule.metric) ? new Decimal(weekValue).div(7).toFixed() : weekValue;
    const multiplier = rule.spikeMultiplier ?? DEFAULT_SPIKE_MULTIPLIER;
    if (!isSpike(value, average, multiplier)) return null;
    const ctx = await this.context(rule, dayScope);
    const threshold = new Decimal(average).times(multiplier).toFixed();
    return { periodKey: day, tiers: [{ tier: 0, value, threshold }], notice: () => alertNotice(ctx, { kind: 'spike', day, value, average, multiplier }) };
  }

  private async unitCost(rule: AlertRule, day: string): Promise<AlertDecision | null> {
    const week = trailingWeek(day);
    const [dayScope, weekScope] = await Promise.all([this.scope(rule, day, day), this.scope(rule, week.from, week.to)]);
    const [daySummary, weekSummary] = await Promise.all([this.reports.summary(dayScope), this.reports.summary(weekScope)]);
    const limit = rule.driftPercent ?? DEFAULT_DRIFT_PERCENT;
    const drift = driftPercent(daySummary.costPerMinute, weekSummary.costPerMinute);
    if (!exceedsDrift(drift, limit)) return null;
    const ctx = await this.context({ ...rule, metric: AlertMetric.CostPerMinute }, dayScope);
    const facts = { kind: 'drift' as const, day, value: daySummary.costPerMinute as string, average: weekSummary.costPerMinute as string, drift: drift!.toFixed(2), limit };
    return { periodKey: day, tiers: [{ tier: 0, value: facts.value, threshold: facts.average }], notice: () => alertNotice(ctx, facts) };
  }

  private get lang() {
    return this.config.slack.locale;
  }

  /** Every figure of a rule in its currency, so its budget compares like with like (a MissingRateError skips the rule). */
  private async scope(rule: AlertRule, from: string, to: string): Promise<ReportScope> {
    return inRuleCurrency(rule, await this.scopes.resolve({ from, to, workspace: rule.workspaceId ?? undefined, currency: rule.currency ?? undefined }));
  }

  /** Who contributed: the top workspaces for an all-workspace rule, the most expensive calls for one workspace. */
  private async context(rule: AlertRule, scope: ReportScope): Promise<AlertContext> {
    const base = `${this.config.http.publicUrl.replace(/\/$/, '')}/admin`;
    let contributors: Contributor[];
    if (scope.workspace) {
      const page = await this.calls.page(scope, 'totalCost', 'desc', 1, TOP);
      contributors = page.items.map((c) => ({
        kind: 'call',
        startedAt: c.startedAt.toISOString(),
        agentId: c.agentId,
        durationSeconds: c.durationSeconds,
        totalCost: c.totalCost,
      }));
    } else {
      const rows = await this.reports.workspaces(scope);
      contributors = rows
        .map((w) => ({ w, v: metricValue(w, rule.metric) }))
        .filter((x) => x.v !== null && x.w.calls > 0)
        .sort((a, b) => new Decimal(b.v as string).cmp(a.v as string))
        .slice(0, TOP)
        .map((x) => ({ kind: 'workspace', name: x.w.name, value: x.v as string }));
    }
    return {
      lang: this.lang,
      currency: scope.currency,
      metric: rule.metric,
      ruleName: rule.name,
      workspace: scope.workspace?.name ?? null,
      contributors,
      link: scope.workspace ? `${base}/resources/workspaces/records/${scope.workspace.id}/show` : base,
    };
  }
}
