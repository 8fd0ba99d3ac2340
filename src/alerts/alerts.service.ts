import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { describeError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { MissingRateError } from '../exchange-rates/exchange-rates.service.js';
import { AlertRule } from '../entities/alert-rule.entity.js';
import { type PostResult, SLACK_PORT, type SlackPort } from '../slack/slack.port.js';
import { SyncEvents } from '../sync/sync-events.js';
import { AlertClaims, type Claim } from './alert-claims.js';
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
 * AlertEvent rows are the claim (AlertClaims): taken and committed first, then posted to Slack with
 * no transaction or connection held, then marked sent, or left pending with the error for the next
 * evaluation. A claim is a lease, so one whose process died before posting is sent once it ends.
 */
@Injectable()
export class AlertsService implements OnModuleInit {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly ds: DataSource,
    private readonly evaluator: AlertEvaluator,
    private readonly claims: AlertClaims,
    private readonly config: AppConfig,
    private readonly syncEvents: SyncEvents,
    @Inject(SLACK_PORT) private readonly slack: SlackPort,
    private readonly clock: Clock,
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
  async evaluate(now = this.clock.now()): Promise<EvaluationOutcome> {
    const outcome: EvaluationOutcome = { rules: 0, sent: 0, pending: 0 };
    if (!this.enabled) return outcome;
    const rules = await this.ds.getRepository(AlertRule).find({ where: { active: true }, relations: { workspace: true }, order: { createdAt: 'ASC' } });
    outcome.rules = rules.length;
    const count = (sent: boolean | null) => {
      if (sent === true) outcome.sent++;
      if (sent === false) outcome.pending++;
    };
    // Groups claimed (and tried) in this evaluation: a refusal waits for the next one, not a second try now.
    const tried = new Set<string>();
    for (const rule of rules) {
      let decisions: AlertDecision[];
      try {
        decisions = await this.evaluator.evaluate(rule, now);
      } catch (err) {
        // A rate its currency needs is not there yet (an admin can enter it): the rule waits, the others run.
        if (err instanceof MissingRateError) this.logger.warn(`rule ${rule.id} (${rule.name}) skipped: ${err.message}`);
        else this.logger.error(`rule ${rule.id} (${rule.name}) could not be evaluated: ${describeError(err)}`);
        continue;
      }
      for (const decision of decisions) {
        const label = `rule ${rule.id} (${rule.name}) ${decision.periodKey}`;
        const sent = await this.send(label, () => this.claims.claimNew(rule, decision));
        if (sent !== null) tried.add(`${rule.id}/${decision.periodKey}`);
        count(sent);
      }
    }
    // Alerts claimed earlier that Slack has not accepted yet, or whose claimer died: each group leased so only one process resends it.
    for (const group of await this.claims.unclaimedGroups()) {
      if (tried.has(`${group.ruleId}/${group.periodKey}`)) continue;
      count(await this.send(`rule ${group.ruleId} ${group.periodKey} (pending)`, () => this.claims.claimPending(group)));
    }
    return outcome;
  }

  /** null: nothing to claim (or the claim failed); true: claimed and sent; false: claimed, Slack did not take it. */
  private async send(label: string, claim: () => Promise<Claim | null>): Promise<boolean | null> {
    let held: Claim | null;
    try {
      held = await claim();
    } catch (err) {
      this.logger.error(`${label}: could not be claimed: ${describeError(err)}`);
      return null;
    }
    if (!held) return null;
    // The claim is committed: nothing is held across the call, however long Slack's retries take.
    const result = await this.slack.postNotice(held.channel, held.notice).catch((err: unknown): PostResult => ({ ok: false, error: describeError(err) }));
    if (!result.ok) this.logger.warn(`alert to ${held.channel} not accepted by Slack (${result.error}): left pending for the next evaluation`);
    try {
      await this.claims.record(held, result);
    } catch (err) {
      // The lease runs out and the next evaluation resends: at worst one repeat, never a lost alert.
      this.logger.error(`${label}: Slack answered ${result.ok ? 'ok' : result.error} but the outcome could not be recorded: ${describeError(err)}`);
    }
    return result.ok;
  }
}
