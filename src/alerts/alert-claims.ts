import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertRule } from '../entities/alert-rule.entity.js';
import type { PostResult } from '../slack/slack.port.js';
import type { AlertDecision } from './alert-evaluator.js';
import type { RuleNotice } from './alert-notice.js';

/**
 * How long a claim keeps other evaluators off its events. Longer than the Slack adapter can spend on
 * one post (VENDOR_MAX_RETRIES is at most 10: 11 tries of at most 10 s plus 10 waits of at most 30 s,
 * under 7 minutes), so a slow post is never sent twice; short enough that an alert claimed by a
 * process that died before posting goes out at the next hourly evaluation.
 */
export const CLAIM_LEASE_MS = 15 * 60_000;

/** Events one evaluator holds the lease on, and what to post for them. */
export interface Claim {
  ids: string[];
  channel: string;
  notice: RuleNotice;
  /** The lease as PostgreSQL wrote it (text keeps its microseconds), so only its holder releases it. */
  until: string;
}

export interface PendingGroup {
  ruleId: string;
  periodKey: string;
  channel: string;
}

/**
 * The AlertEvent rows are the claim that makes an alert go out once. Each method is one short
 * statement or transaction: nothing here is held while Slack is called, so a slow or failing Slack
 * never keeps a connection, a transaction or a row lock open.
 */
@Injectable()
export class AlertClaims {
  constructor(private readonly ds: DataSource) {}

  /**
   * Inserts the decision's tiers not seen before, leased and with their notice, and commits. A
   * concurrent claimer of the same tiers waits on the unique index for this short transaction, then
   * finds them taken. null when every tier was already there.
   */
  async claimNew(rule: AlertRule, decision: AlertDecision): Promise<Claim | null> {
    return this.ds.transaction(async (m) => {
      const rows: Array<{ id: string; tier: number; until: string }> = await m.query(
        `INSERT INTO alert_events (rule_id, period_key, tier, status, value, threshold, claimed_until)
         SELECT $1, $2, t.tier, 'pending', t.value, t.threshold, now() + $6 * interval '1 millisecond'
           FROM unnest($3::int[], $4::numeric[], $5::numeric[]) AS t(tier, value, threshold)
         ON CONFLICT (rule_id, period_key, tier) DO NOTHING
         RETURNING id, tier, claimed_until::text AS until`,
        [rule.id, decision.periodKey, decision.tiers.map((t) => t.tier), decision.tiers.map((t) => t.value), decision.tiers.map((t) => t.threshold), CLAIM_LEASE_MS],
      );
      if (rows.length === 0) return null;
      // Tiers crossed together make one message, worded for the highest. Its notice is stored with the claim
      // (column `message`), so a claim whose process died before posting can still be sent by another once the lease ends.
      const notice = decision.notice(Math.max(...rows.map((r) => r.tier)));
      const ids = rows.map((r) => r.id);
      await m.query('UPDATE alert_events SET message = $2 WHERE id = ANY($1::uuid[])', [ids, JSON.stringify(notice)]);
      return { ids, channel: rule.slackChannel, notice, until: rows[0].until };
    });
  }

  /** Rule and period groups with pending events nobody holds: Slack refused them, or their claimer died. */
  async unclaimedGroups(): Promise<PendingGroup[]> {
    const rows: Array<{ rule_id: string; period_key: string; channel: string }> = await this.ds.query(
      `SELECT DISTINCT e.rule_id, e.period_key, r.slack_channel AS channel FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id
        WHERE e.status = 'pending' AND r.active AND (e.claimed_until IS NULL OR e.claimed_until < now())`,
    );
    return rows.map((r) => ({ ruleId: r.rule_id, periodKey: r.period_key, channel: r.channel }));
  }

  /**
   * Leases a group's unclaimed pending events in one statement. Rows are locked in id order, so of
   * two evaluators the second waits on the first row, then sees it leased and takes none of the
   * group: never half each, which would post the message twice.
   */
  async claimPending(group: PendingGroup): Promise<Claim | null> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [Array<{ id: string; tier: number; message: string; until: string }>, number] = await this.ds.query(
      `UPDATE alert_events e SET claimed_until = now() + $3 * interval '1 millisecond'
         FROM (SELECT id FROM alert_events
                WHERE rule_id = $1 AND period_key = $2 AND status = 'pending' AND message IS NOT NULL
                  AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY id FOR UPDATE) c
        WHERE e.id = c.id
       RETURNING e.id, e.tier, e.message, e.claimed_until::text AS until`,
      [group.ruleId, group.periodKey, CLAIM_LEASE_MS],
    );
    if (rows.length === 0) return null;
    const highest = rows.reduce((a, b) => (b.tier > a.tier ? b : a));
    return { ids: rows.map((r) => r.id), channel: group.channel, notice: JSON.parse(highest.message) as RuleNotice, until: rows[0].until };
  }

  /**
   * Sent, or still pending with Slack's error and the lease given back so the next evaluation
   * retries. The lease is cleared only if it is still this claim's.
   */
  async record(claim: Claim, result: PostResult): Promise<void> {
    await this.ds.query(
      `UPDATE alert_events SET attempts = attempts + 1,
              status = CASE WHEN $2 THEN 'sent'::alert_event_status ELSE status END,
              sent_at = CASE WHEN $2 THEN now() ELSE sent_at END,
              last_error = $3,
              claimed_until = CASE WHEN claimed_until = $4::timestamptz THEN NULL ELSE claimed_until END
        WHERE id = ANY($1::uuid[])`,
      [claim.ids, result.ok, result.ok ? null : result.error, claim.until],
    );
  }
}
