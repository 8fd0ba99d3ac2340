import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { AlertRule } from '../entities/alert-rule.entity.js';
import { LEDGER_TOLERANCE, ReconciliationReport } from '../reporting/reconciliation.report.js';
import { addDays, todayIn } from '../reporting/periods.js';
import type { AlertDecision } from './alert-evaluator.js';
import { ledgerDriftNotice } from './alert-notice.js';

/** Drifting days further back than this are old news: they stay on the reconciliation page, not in Slack. */
const LOOKBACK_DAYS = 90;

/**
 * The ledger-drift kind: a closed day whose Twilio bill the sync could not explain even after listing
 * it again. One decision per account and day, so the claims post each exactly once. A rule tied to a
 * workspace watches that workspace's Twilio account; a rule for all workspaces, every account.
 */
@Injectable()
export class LedgerDriftAlerts {
  constructor(
    private readonly ledger: ReconciliationReport,
    private readonly config: AppConfig,
  ) {}

  async decisions(rule: AlertRule, now: Date): Promise<AlertDecision[]> {
    // Twilio bills by UTC day.
    const today = todayIn('UTC', now);
    const account = rule.workspaceId ? (rule.workspace?.twilioAccountSid ?? this.config.twilio.accountSid ?? null) : undefined;
    if (account === null) return [];
    const since = addDays(today, -LOOKBACK_DAYS);
    const drifting = (await this.ledger.driftingClosedDays(today, since)).filter((d) => d.repaired && (account === undefined || d.accountSid === account));
    if (!drifting.length) return [];
    // The figures of every drifting day in one query, not one a day.
    const oldest = drifting[drifting.length - 1].day;
    const figuresOf = new Map((await this.ledger.days(oldest, today, account)).map((f) => [`${f.accountSid}/${f.day}`, f]));
    const decisions: AlertDecision[] = [];
    for (const d of drifting) {
      const figures = figuresOf.get(`${d.accountSid}/${d.day}`);
      if (!figures) continue;
      const month = d.day.slice(0, 7);
      const link = `${this.config.http.publicUrl.replace(/\/$/, '')}/admin/pages/reconciliation?account=${d.accountSid}&month=${month}`;
      decisions.push({
        periodKey: `${d.accountSid}/${d.day}`,
        tiers: [{ tier: 0, value: figures.unexplained, threshold: LEDGER_TOLERANCE }],
        notice: () => ledgerDriftNotice(this.config.slack.locale, { ...figures, ruleName: rule.name, link }),
      });
    }
    return decisions;
  }
}
