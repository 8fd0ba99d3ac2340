import type { ResourceWithOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import { AlertEvent, AlertMetric, AlertRule } from '../../entities/index.js';
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

/** Rules are configured here (admins); their firings are recorded by the evaluator and only shown. */
export function alertResources(ds: DataSource): ResourceWithOptions[] {
  return [
    {
      resource: new RepositoryResource(ds.getRepository(AlertRule), 'alert_rules'),
      options: {
        navigation: navigation.alerts,
        sort: { sortBy: 'name', direction: 'asc' },
        listProperties: ['name', 'workspaceId', 'kind', 'metric', 'period', 'budget', 'tiers', 'slackChannel', 'active'],
        filterProperties: ['workspaceId', 'kind', 'metric', 'period', 'active'],
        editProperties: ['name', 'workspaceId', 'kind', 'metric', 'period', 'budget', 'tiers', 'spikeMultiplier', 'driftPercent', 'slackChannel', 'active'],
        properties: {
          id: notEditable,
          workspaceId: { reference: 'workspaces', description: 'Empty: all workspaces together' },
          tiers: { type: 'number', isArray: true, description: 'Percentages of the budget, e.g. 50, 80, 100' },
          budget: money({ countWhen: { path: 'metric', values: [AlertMetric.Calls, AlertMetric.Minutes] } }),
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
