import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { describeError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { AlertRule } from '../entities/alert-rule.entity.js';
import { SLACK_PORT, type SlackMessage, type SlackPort } from '../slack/slack.port.js';
import { SyncEvents } from '../sync/sync-events.js';
import { type AlertDecision, AlertEvaluator } from './alert-evaluator.js';

export interface EvaluationOutcome {
  rules: number;
  /** Messages Slack accepted in this evaluation (new alerts and pending ones resent). */
  sent: number;
  /** Alerts claimed but not accepted by Slack: left pending for the next evaluation. */
  pending: number;
}

/**
 * Evaluates every active rule and sends what crossed, exactly once per rule, period and tier. The
 * AlertEvent row is the claim: inserted (ON CONFLICT DO NOTHING) in the transaction that sends, so
 * a second evaluator, in this process or another, waits on that row and then finds it taken. It is
 * marked sent only once Slack said ok; otherwise it stays pending and the next evaluation sends it.
 */
@Injectable()
export class AlertsService implements OnModuleInit {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly ds: DataSource,
    private readonly evaluator: AlertEvaluator,
    private readonly config: AppConfig,
    private readonly syncEvents: SyncEvents,
    @Inject(SLACK_PORT) private readonly slack: SlackPort,
  ) {}

  get enabled(): boolean {
    return this.config.alerts.enabled && this.slack.enabled;
  }

  onModuleInit(): void {
    if (!this.enabled) {
      this.logger.log(this.slack.enabled ? 'alerts are off (ALERTS_ENABLED=false)' : 'alerts are off: Slack is not configured');
      return;
    }
    this.syncEvents.onFinished(async () => {
      await this.evaluate();
    });
  }

  /** Safe to repeat and to run in several processes at once. */
  async evaluate(now = new Date()): Promise<EvaluationOutcome> {
    const outcome: EvaluationOutcome = { rules: 0, sent: 0, pending: 0 };
    if (!this.enabled) return outcome;
    const rules = await this.ds.getRepository(AlertRule).find({ where: { active: true }, relations: { workspace: true }, order: { createdAt: 'ASC' } });
    outcome.rules = rules.length;
    const claimed = new Set<string>();
    for (const rule of rules) {
      let decisions: AlertDecision[];
      try {
        decisions = await this.evaluator.evaluate(rule, now);
      } catch (err) {
        this.logger.error(`rule ${rule.id} (${rule.name}) could not be evaluated: ${describeError(err)}`);
        continue;
      }
      for (const decision of decisions) {
        const result = await this.claimAndSend(rule, decision).catch((err: unknown) => {
          this.logger.error(`rule ${rule.id} (${rule.name}) ${decision.periodKey}: ${describeError(err)}`);
          return null;
        });
        if (result === null) continue;
        claimed.add(`${rule.id}/${decision.periodKey}`);
        if (result) outcome.sent++;
        else outcome.pending++;
      }
    }
    const resent = await this.sendPending(claimed);
    outcome.sent += resent.sent;
    outcome.pending += resent.pending;
    return outcome;
  }

  /** null: nothing new to claim; true: claimed and sent; false: claimed, Slack did not take it. */
  private async claimAndSend(rule: AlertRule, decision: AlertDecision): Promise<boolean | null> {
    return this.inTransaction(async (q) => {
      // Waits on a concurrent claimer's uncommitted row, then sees it taken: one message either way.
      const rows: Array<{ id: string; tier: number }> = await q.query(
        `INSERT INTO alert_events (rule_id, period_key, tier, status, value, threshold)
         SELECT $1, $2, t.tier, 'pending', t.value, t.threshold
           FROM unnest($3::int[], $4::numeric[], $5::numeric[]) AS t(tier, value, threshold)
         ON CONFLICT (rule_id, period_key, tier) DO NOTHING
         RETURNING id, tier`,
        [rule.id, decision.periodKey, decision.tiers.map((t) => t.tier), decision.tiers.map((t) => t.value), decision.tiers.map((t) => t.threshold)],
      );
      if (rows.length === 0) return null;
      // Tiers crossed together make one message, worded for the highest.
      const message = decision.message(Math.max(...rows.map((r) => r.tier)));
      return this.deliver(q, rule.slackChannel, message, rows.map((r) => r.id));
    });
  }

  /** Alerts claimed earlier that Slack has not accepted yet, each group locked so only one process resends it. */
  private async sendPending(skip: Set<string>): Promise<{ sent: number; pending: number }> {
    const out = { sent: 0, pending: 0 };
    const groups: Array<{ rule_id: string; period_key: string }> = await this.ds.query(
      `SELECT DISTINCT e.rule_id, e.period_key FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id
        WHERE e.status = 'pending' AND r.active`,
    );
    for (const g of groups) {
      if (skip.has(`${g.rule_id}/${g.period_key}`)) continue;
      const result = await this.inTransaction(async (q) => {
        const rows: Array<{ id: string; tier: number; message: string | null; channel: string }> = await q.query(
          `SELECT e.id, e.tier, e.message, r.slack_channel AS channel FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id
            WHERE e.rule_id = $1 AND e.period_key = $2 AND e.status = 'pending'
            ORDER BY e.tier DESC FOR UPDATE OF e SKIP LOCKED`,
          [g.rule_id, g.period_key],
        );
        const stored = rows.find((r) => r.message)?.message;
        if (!stored) return null;
        return this.deliver(q, rows[0].channel, JSON.parse(stored) as SlackMessage, rows.map((r) => r.id));
      });
      if (result === true) out.sent++;
      if (result === false) out.pending++;
    }
    return out;
  }

  /** Posts and records the outcome on the claimed rows, still inside the claiming transaction. */
  private async deliver(q: QueryRunner, channel: string, message: SlackMessage, ids: string[]): Promise<boolean> {
    const result = await this.slack.postMessage(channel, message);
    if (!result.ok) this.logger.warn(`alert to ${channel} not accepted by Slack (${result.error}): left pending for the next evaluation`);
    await q.query(
      `UPDATE alert_events SET attempts = attempts + 1, message = $2,
              status = CASE WHEN $3 THEN 'sent'::alert_event_status ELSE status END,
              sent_at = CASE WHEN $3 THEN now() ELSE sent_at END
        WHERE id = ANY($1::uuid[])`,
      [ids, JSON.stringify(message), result.ok],
    );
    return result.ok;
  }

  private async inTransaction<T>(work: (q: QueryRunner) => Promise<T>): Promise<T> {
    const q = this.ds.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const result = await work(q);
      await q.commitTransaction();
      return result;
    } catch (err) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await q.release();
    }
  }
}
