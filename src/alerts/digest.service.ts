import { Inject, Injectable, Logger } from '@nestjs/common';
import { MissingRateError } from '../exchange-rates/exchange-rates.service.js';
import { Decimal } from 'decimal.js';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { AlertKind, AlertPeriod, AlertRule } from '../entities/alert-rule.entity.js';
import { addDays, runningPeriod, todayIn, weekOf } from '../reporting/periods.js';
import { type ReportScope, ReportScopeResolver } from '../reporting/report-scope.js';
import { ReportingService } from '../reporting/reporting.service.js';
import { SLACK_PORT, type PostResult, type SlackPort } from '../slack/slack.port.js';
import { inRuleCurrency, metricValue } from './alert-evaluation.js';
import type { BudgetBurn, DigestPeriod } from './alert-notice.js';

/** The weekly digest: last week and month to date, by workspace and platform, change, budget burn. */
@Injectable()
export class DigestService {
  private readonly logger = new Logger('Digest');

  constructor(
    private readonly reports: ReportingService,
    private readonly scopes: ReportScopeResolver,
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    @Inject(SLACK_PORT) private readonly slack: SlackPort,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.slack.enabled && this.config.slack.digestChannel !== undefined;
  }

  async post(now = this.clock.now()): Promise<PostResult> {
    const channel = this.config.slack.digestChannel;
    if (!this.slack.enabled || !channel) return { ok: false, error: 'digest_disabled' };
    const today = todayIn(this.config.reporting.timezone, now);
    const ranges = [
      { label: 'lastWeek' as const, shape: 'week' as const, ...weekOf(addDays(today, -7)) },
      { label: 'monthToDate' as const, shape: 'month' as const, ...runningPeriod('month', today) },
    ];
    const periods: DigestPeriod[] = await Promise.all(
      ranges.map(async (r) => {
        // In REPORT_CURRENCY (resolve's default), which the digest names.
        const scope = await this.scopes.resolve({ from: r.from, to: r.to });
        // One round of queries: the comparison is summed from the rows the digest lists.
        const { rows, forecast, ...rest } = await this.reports.compareWithRows(scope, { named: r.shape, now });
        return { label: r.label, comparison: { ...rest, forecast: forecast! }, workspaces: rows };
      }),
    );
    const burn = await this.budgetBurn({ from: ranges[1].from, to: ranges[1].to });
    const panelUrl = `${this.config.http.publicUrl.replace(/\/$/, '')}/admin`;
    const notice = { kind: 'digest' as const, lang: this.config.slack.locale, currency: this.config.reporting.currency, periods, burn, link: panelUrl };
    const result = await this.slack.postNotice(channel, notice);
    if (!result.ok) this.logger.warn(`digest not accepted by Slack: ${result.error}`);
    return result;
  }

  /** Month budgets of the active threshold and forecast rules, against month to date, each in its rule's currency. */
  private async budgetBurn(month: { from: string; to: string }): Promise<BudgetBurn[]> {
    const rules: AlertRule[] = await this.ds.getRepository(AlertRule).find({ where: { active: true, period: AlertPeriod.Month }, relations: { workspace: true } });
    const budgeted = rules.filter((r) => r.budget && (r.kind === AlertKind.Threshold || r.kind === AlertKind.Forecast));
    const out: BudgetBurn[] = [];
    const seen = new Map<string, ReportScope>();
    for (const rule of budgeted) {
      const key = `${rule.workspaceId ?? '*'}/${rule.currency ?? ''}`;
      if (!seen.has(key))
        seen.set(key, inRuleCurrency(rule, await this.scopes.resolve({ ...month, workspace: rule.workspaceId ?? undefined, currency: rule.currency ?? undefined })));
      const scope = seen.get(key)!;
      let value: string | null;
      try {
        value = metricValue(await this.reports.summary(scope), rule.metric);
      } catch (err) {
        // One rule's missing rate leaves its line out, not the digest.
        if (!(err instanceof MissingRateError)) throw err;
        this.logger.warn(`budget of rule ${rule.id} (${rule.name}) left out of the digest: ${err.message}`);
        continue;
      }
      if (value === null) continue;
      out.push({
        rule: rule.name,
        currency: scope.currency,
        workspace: rule.workspace?.name ?? null,
        metric: rule.metric,
        value,
        budget: rule.budget!,
        percent: new Decimal(value).div(rule.budget!).times(100).toFixed(1),
      });
    }
    return out;
  }
}
