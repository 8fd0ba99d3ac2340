import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { type ReportScope, ReportScopeResolver, todayIn } from '../reporting/report-scope.js';
import { change } from '../reporting/report-figures.js';
import { type Comparison, ReportingService, summarize } from '../reporting/reporting.service.js';
import { type CostsCommand, type Lang, parseCostsCommand } from './costs-command.parser.js';
import { costsMessage, helpMessage, type PeriodAnswer, textMessage, unknownWorkspaceMessage, usageMessage } from './costs-messages.js';
import { type DayRange, periodRange, type PeriodSpec, previousRange } from './costs-period.js';
import type { SlackMessage } from './slack.port.js';
import { texts } from './slack-i18n.js';
import { matchWorkspace, type NamedWorkspace } from './workspace-match.js';

/** The figures a comparison states a change for (those of ReportingService.compare). */
const COMPARED = ['calls', 'minutes', 'twilioCost', 'elevenlabsCost', 'totalCost', 'costPerMinute'] as const;

export interface Requester {
  userId?: string;
  channelId?: string;
}

/** Turns `/costs <text>` into a Block Kit answer. Every figure comes from the reporting module. */
@Injectable()
export class CostsService {
  private readonly logger = new Logger('Slack');

  constructor(
    private readonly reports: ReportingService,
    private readonly scopes: ReportScopeResolver,
    private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The language of the reply: the words the requester typed, else SLACK_LOCALE. */
  lang(command: CostsCommand): Lang {
    return command.lang ?? this.config.slack.locale;
  }

  langOf(text: string): Lang {
    return this.lang(parseCostsCommand(text));
  }

  /** The answer, or a plain apology in the requester's language: never a stack trace in Slack. */
  async reply(text: string, requester: Requester): Promise<SlackMessage> {
    try {
      return await this.answer(text, requester);
    } catch (err) {
      this.logger.error(`/costs ${JSON.stringify(text)} failed: ${describeError(err)}`);
      return textMessage(texts(this.langOf(text)).failed);
    }
  }

  allowed(requester: Requester): boolean {
    const { allowedUsers, allowedChannels } = this.config.slack;
    if (allowedUsers.length && !allowedUsers.includes(requester.userId ?? '')) return false;
    if (allowedChannels.length && !allowedChannels.includes(requester.channelId ?? '')) return false;
    return true;
  }

  async answer(text: string, requester: Requester): Promise<SlackMessage> {
    const command = parseCostsCommand(text);
    const lang = this.lang(command);
    if (!this.allowed(requester)) return textMessage(texts(lang).notAllowed);
    if (command.kind === 'help') return helpMessage(lang);
    if (command.kind === 'usage') return usageMessage(lang, command.problem);

    let workspace: NamedWorkspace | null = null;
    if (command.workspace) {
      const all: NamedWorkspace[] = await this.ds.query('SELECT id, slug, name FROM workspaces ORDER BY name');
      const found = matchWorkspace(command.workspace, all);
      if ('closest' in found) return unknownWorkspaceMessage(lang, command.workspace, found.closest);
      workspace = found.match;
    }
    const t = texts(lang);
    const today = todayIn(this.config.reporting.timezone);
    const specs: Array<{ label: string; spec: PeriodSpec }> =
      command.kind === 'overview'
        ? [{ label: t.today, spec: { kind: 'today' } }, { label: t.monthToDate, spec: { kind: 'month' } }]
        : [{ label: t.period, spec: command.period }];
    try {
      const ranges = specs.map((s) => periodRange(s.spec, today));
      // The month-end forecast only where the last period runs to today; top workspaces from its rows.
      const answers = await Promise.all(ranges.map((r, i) => this.period(r, workspace, i === ranges.length - 1 && r.to === today)));
      const periods: PeriodAnswer[] = specs.map((s, i) => ({ label: s.label, comparison: answers[i].comparison }));
      return costsMessage({
        lang,
        workspace: workspace?.name ?? null,
        periods,
        top: workspace ? [] : answers[answers.length - 1].rows,
        panelUrl: this.panelUrl(workspace),
        showPrevious: command.kind === 'compare',
      });
    } catch (err) {
      // A period the reporting module refuses (too long, say) gets the usage line, not an error.
      if (err instanceof BadRequestException) return usageMessage(lang, String((err.getResponse() as { message?: string }).message ?? err.message));
      throw err;
    }
  }

  private scope(range: DayRange, workspace: NamedWorkspace | null): Promise<ReportScope> {
    return this.scopes.resolve({ from: range.from, to: range.to, workspace: workspace?.id });
  }

  /**
   * What ReportingService.compare answers, read with fewer queries: the period's per-workspace rows
   * (its summary is their sum, by the reporting module's own `summarize`, and they are the top
   * workspaces), the previous period of equal length, and the forecast only when it is shown.
   */
  private async period(range: DayRange, workspace: NamedWorkspace | null, withForecast: boolean) {
    const [scope, previousScope] = await Promise.all([this.scope(range, workspace), this.scope(previousRange(range), workspace)]);
    const [rows, previous, forecast] = await Promise.all([
      this.reports.workspaces(scope),
      this.reports.summary(previousScope),
      withForecast ? this.reports.forecast(scope, (from, to) => this.scope({ from, to }, workspace)) : Promise.resolve(null),
    ]);
    const current = summarize(scope, rows);
    const changes = Object.fromEntries(COMPARED.map((k) => [k, change(current[k], previous[k])])) as Comparison['change'];
    return { rows, comparison: { current, previous, change: changes, forecast } };
  }

  panelUrl(workspace: { id: string } | null): string {
    const base = `${this.config.http.publicUrl.replace(/\/$/, '')}/admin`;
    return workspace ? `${base}/resources/workspaces/records/${workspace.id}/show` : base;
  }
}
