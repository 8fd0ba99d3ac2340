import { type ParamsType, type ResourceWithOptions, ValidationError } from 'adminjs';
import type { DataSource } from 'typeorm';
import { AlertEvent, AlertMetric, AlertRule } from '../../entities/index.js';
import { currencyOf, RateInputError } from '../../exchange-rates/rate-input.js';
import { noticeSummary } from '../../slack/notice-blocks.js';
import { adminWrites, navigation, notEditable, readOnly } from './access.js';
import { date, money, number, status } from './display.js';
import { RepositoryResource, repositoryModel, type RepositoryModel } from './repository.resource.js';

/**
 * An alert's message is kept as its notice (what it says, src/alerts/alert-notice.ts) so a pending
 * one is resent as decided; the panel shows the plain-text line Slack gets, and the JSON on the record page.
 */
function alertEventsModel(ds: DataSource): RepositoryModel {
  const repository = ds.getRepository(AlertEvent);
  const base = repositoryModel(repository);
  const withSummary = (event: AlertEvent) => ({ ...event, summary: event.message && noticeSummary(event.message) });
  return {
    ...base,
    find: async (options) => ((await base.find(options)) as AlertEvent[]).map(withSummary),
    findOneBy: async (where) => {
      const event = (await base.findOneBy(where)) as AlertEvent | null;
      return event && withSummary(event);
    },
  };
}

/**
 * A rule's currency is an ISO 4217 code, upper-cased as the API and the rates take it; left empty it
 * follows the workspace's currency, or REPORT_CURRENCY for a rule over all workspaces.
 */
class AlertRuleResource extends RepositoryResource<AlertRule> {
  constructor(ds: DataSource) {
    super(ds.getRepository(AlertRule), 'alert_rules');
  }

  override async create(params: Record<string, unknown>): Promise<ParamsType> {
    return super.create(withCurrency(params));
  }

  override async update(pk: string | number, params: Record<string, unknown> = {}): Promise<ParamsType> {
    return super.update(pk, withCurrency(params));
  }
}

function withCurrency(params: Record<string, unknown>): Record<string, unknown> {
  if (!('currency' in params)) return params;
  const raw = params.currency;
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return { ...params, currency: null };
  try {
    return { ...params, currency: currencyOf(raw) };
  } catch (err) {
    if (err instanceof RateInputError) throw new ValidationError({ currency: { message: err.message } });
    throw err;
  }
}

/** Rules are configured here (admins); their firings are recorded by the evaluator and only shown. */
export function alertResources(ds: DataSource): ResourceWithOptions[] {
  return [
    {
      resource: new AlertRuleResource(ds),
      options: {
        navigation: navigation.alerts,
        sort: { sortBy: 'name', direction: 'asc' },
        listProperties: ['name', 'workspaceId', 'kind', 'metric', 'period', 'budget', 'currency', 'tiers', 'slackChannel', 'active'],
        filterProperties: ['workspaceId', 'kind', 'metric', 'period', 'active'],
        editProperties: ['name', 'workspaceId', 'kind', 'metric', 'period', 'budget', 'currency', 'tiers', 'spikeMultiplier', 'driftPercent', 'slackChannel', 'active'],
        properties: {
          id: notEditable,
          workspaceId: { reference: 'workspaces', description: 'Empty: all workspaces together' },
          tiers: { type: 'number', isArray: true, description: 'Percentages of the budget, e.g. 50, 80, 100' },
          // Shown in the rule's currency; one left empty shows in US dollars here (the panel does not resolve the default).
          budget: money({ currencyPath: 'currency', countWhen: { path: 'metric', values: [AlertMetric.Calls, AlertMetric.Minutes] } }),
          currency: { type: 'string', description: "ISO 4217 code of the budget, e.g. EUR. Empty: the workspace's currency (all workspaces: REPORT_CURRENCY)" },
          spikeMultiplier: number({ digits: 2 }),
          driftPercent: number({ percent: true, digits: 1 }),
          createdAt: notEditable,
          updatedAt: notEditable,
        },
        actions: { ...adminWrites },
      },
    },
    {
      resource: new RepositoryResource(ds.getRepository(AlertEvent), 'alert_events', alertEventsModel(ds)),
      options: {
        navigation: navigation.alerts,
        sort: { sortBy: 'createdAt', direction: 'desc' },
        listProperties: ['createdAt', 'ruleId', 'periodKey', 'tier', 'status', 'summary', 'sentAt'],
        filterProperties: ['ruleId', 'status', 'periodKey', 'createdAt'],
        properties: {
          // When it fired names an alert: the title column, kept on a phone.
          createdAt: { isTitle: true, ...date() },
          sentAt: date(),
          ruleId: { reference: 'alert_rules' },
          status: status({ phone: true }),
          summary: { type: 'string', isVisible: { list: true, show: true, filter: false, edit: false } },
          message: { type: 'textarea', isVisible: { list: false, show: true, filter: false, edit: false } },
        },
        actions: { ...readOnly },
      },
    },
  ];
}
