import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { MissingRateError } from '../exchange-rates/exchange-rates.service.js';
import { type PeriodShape, periodRange, type PeriodSpec, todayIn } from '../reporting/periods.js';
import { ReportScopeResolver } from '../reporting/report-scope.js';
import { ReportingService } from '../reporting/reporting.service.js';
import { type CostsCommand, type Lang, parseCostsCommand } from './costs-command.parser.js';
import { costsMessage, helpMessage, missingRateMessage, type PeriodAnswer, textMessage, unknownWorkspaceMessage, usageMessage } from './costs-messages.js';
import type { SlackMessage } from './slack.port.js';
import { texts } from './slack-i18n.js';
import { matchWorkspace, type NamedWorkspace } from './workspace-match.js';

interface CostsWorkspace extends NamedWorkspace {
  /** The client's currency: the answer's when the requester names none. */
  currency: string;
}

export interface Requester {
  userId?: string;
  channelId?: string;
}

/** Turns `/costs <text>` into a Block Kit answer. Every figure and every comparison comes from the reporting module. */
@Injectable()
export class CostsService {
  private readonly logger = new Logger('Slack');

  constructor(
    private readonly reports: ReportingService,
    private readonly scopes: ReportScopeResolver,
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
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
    if (!this.allowed(requester)) return textMessage(texts(this.langOf(text)).notAllowed);
    // Only the workspaces tell a currency code from a workspace's slug (takeCurrency): read them first.
    const all: CostsWorkspace[] = text.trim() ? await this.ds.query('SELECT id, slug, name, currency FROM workspaces ORDER BY name') : [];
    const names = new Set(all.flatMap((w) => [w.slug.toLowerCase(), w.name.toLowerCase()]));
    const command = parseCostsCommand(text, (words) => names.has(words.trim().toLowerCase()));
    const lang = this.lang(command);
    if (command.kind === 'help') return helpMessage(lang);
    if (command.kind === 'usage') return usageMessage(lang, command.problem);

    let workspace: CostsWorkspace | null = null;
    if (command.workspace) {
      const found = matchWorkspace(command.workspace, all);
      if ('closest' in found) return unknownWorkspaceMessage(lang, command.workspace, found.closest);
      workspace = found.match;
    }
    // Asked for, else the client's own (a workspace), else the reports' (all workspaces).
    const currency = command.currency ?? workspace?.currency ?? this.config.reporting.currency;
    const t = texts(lang);
    const today = todayIn(this.config.reporting.timezone, this.clock.now());
    const specs: Array<{ label: string; spec: PeriodSpec }> =
      command.kind === 'overview'
        ? [
            { label: t.today, spec: { kind: 'today' } },
            { label: t.monthToDate, spec: { kind: 'month' } },
          ]
        : [{ label: t.period, spec: command.period }];
    try {
      const ranges = specs.map((s) => periodRange(s.spec, today));
      // The month-end forecast only where the last period runs to today; top workspaces from its rows.
      const answers = await Promise.all(
        ranges.map(async (r, i) => {
          const scope = await this.scopes.resolve({ from: r.from, to: r.to, workspace: workspace?.id, currency });
          return this.reports.compareWithRows(scope, { named: shapeOf(specs[i].spec), forecast: i === ranges.length - 1 && r.to === today });
        }),
      );
      const periods: PeriodAnswer[] = specs.map((s, i) => ({ label: s.label, comparison: answers[i] }));
      return costsMessage({
        lang,
        currency,
        workspace: workspace?.name ?? null,
        periods,
        top: workspace ? [] : answers[answers.length - 1].rows,
        panelUrl: this.panelUrl(workspace),
        showPrevious: command.kind === 'compare',
        today,
      });
    } catch (err) {
      // A rate the conversion needs is not there: say which, rather than "try again" (it would fail again).
      if (err instanceof MissingRateError) return missingRateMessage(lang, currency, err.currency, err.day);
      // A period the reporting module refuses (too long, say) gets the usage line, not an error.
      if (err instanceof BadRequestException) return usageMessage(lang, String((err.getResponse() as { message?: string }).message ?? err.message));
      throw err;
    }
  }

  panelUrl(workspace: { id: string } | null): string {
    const base = `${this.config.http.publicUrl.replace(/\/$/, '')}/admin`;
    return workspace ? `${base}/resources/workspaces/records/${workspace.id}/show` : base;
  }
}

/** What the user named, so "this week" on a Monday the 1st is compared with last week, not last month. */
function shapeOf(spec: PeriodSpec): PeriodShape | undefined {
  switch (spec.kind) {
    case 'today':
    case 'yesterday':
      return 'day';
    case 'week':
      return 'week';
    case 'month':
    case 'last-month':
    case 'calendar-month':
      return 'month';
    case 'days':
      return 'range';
    case 'range':
      return undefined;
  }
}
