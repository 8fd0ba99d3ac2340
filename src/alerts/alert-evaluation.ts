import { Decimal } from 'decimal.js';
import { AlertMetric, type AlertRule } from '../entities/alert-rule.entity.js';
import type { Figures } from '../reporting/report-figures.js';
import type { ReportScope } from '../reporting/report-scope.js';

/** Multiplier and drift when a rule leaves them empty. */
export const DEFAULT_SPIKE_MULTIPLIER = '3';
export const DEFAULT_DRIFT_PERCENT = '25';

/** The rule's metric read from a report's figures (null: cost per minute without minutes). */
export function metricValue(f: Figures, metric: AlertMetric): string | null {
  switch (metric) {
    case AlertMetric.TotalCost:
      return f.totalCost;
    case AlertMetric.TwilioCost:
      return f.twilioCost;
    case AlertMetric.ElevenlabsCost:
      return f.elevenlabsCost;
    case AlertMetric.Calls:
      return String(f.calls);
    case AlertMetric.Minutes:
      return new Decimal(f.seconds).div(60).toFixed();
    case AlertMetric.CostPerMinute:
      return f.costPerMinute;
  }
}

/** Metrics that add up over days, so that a daily average is the period's value over its days. */
export function isAdditive(metric: AlertMetric): boolean {
  return metric !== AlertMetric.CostPerMinute;
}

/** Tiers (percent of budget) the value has reached, lowest first. */
export function crossedTiers(value: string, budget: string, tiers: number[]): number[] {
  const v = new Decimal(value);
  return [...new Set(tiers)].filter((tier) => tier > 0 && v.gte(tierThreshold(budget, tier))).sort((a, b) => a - b);
}

export function tierThreshold(budget: string, tier: number): Decimal {
  return new Decimal(budget).times(tier).div(100);
}

/** A day over `multiplier` × its trailing daily average; never against an empty history. */
export function isSpike(day: string, trailingAverage: string, multiplier: string): boolean {
  const average = new Decimal(trailingAverage);
  return average.gt(0) && new Decimal(day).gt(average.times(multiplier));
}

/** Signed drift of `current` from `average`, in percent; null without an average to compare with. */
export function driftPercent(current: string | null, average: string | null): Decimal | null {
  if (current === null || average === null) return null;
  const avg = new Decimal(average);
  return avg.isZero() ? null : new Decimal(current).minus(avg).div(avg).times(100);
}

export function exceedsDrift(drift: Decimal | null, limitPercent: string): boolean {
  return drift !== null && drift.abs().gt(limitPercent);
}

/**
 * A rule's scope in the rule's currency: its own, or left empty, its workspace's (the client's) or,
 * over all workspaces, the scope's as resolved (REPORT_CURRENCY).
 */
export function inRuleCurrency(rule: Pick<AlertRule, 'currency'>, scope: ReportScope): ReportScope {
  const currency = rule.currency ?? scope.workspace?.currency ?? scope.currency;
  return currency === scope.currency ? scope : { ...scope, currency };
}
