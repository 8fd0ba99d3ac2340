import type { DataSource } from 'typeorm';
import { AlertKind, AlertMetric, AlertPeriod, AlertRule } from '../../src/entities/alert-rule.entity.js';

/** An active rule with sensible defaults for whatever a test does not care about. */
export async function insertRule(ds: DataSource, rule: Partial<AlertRule> & { slackChannel: string }): Promise<AlertRule> {
  const repo = ds.getRepository(AlertRule);
  return repo.save(
    repo.create({
      name: `rule ${rule.slackChannel}`,
      workspaceId: null,
      kind: AlertKind.Threshold,
      metric: AlertMetric.TotalCost,
      period: AlertPeriod.Month,
      tiers: [100],
      budget: null,
      spikeMultiplier: null,
      driftPercent: null,
      active: true,
      ...rule,
    }),
  );
}

export async function eventsOf(ds: DataSource, ruleId: string): Promise<Array<{ period_key: string; tier: number; status: string; attempts: number; sent_at: Date | null }>> {
  return ds.query('SELECT period_key, tier, status, attempts, sent_at FROM alert_events WHERE rule_id = $1 ORDER BY tier', [ruleId]);
}
