import type { ResourceWithOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import { AlertEvent, AlertRule } from '../../entities/index.js';
import { adminWrites, navigation, notEditable, readOnly } from './access.js';
import { RepositoryResource } from './repository.resource.js';

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
          createdAt: notEditable,
          updatedAt: notEditable,
        },
        actions: { ...adminWrites },
      },
    },
    {
      resource: new RepositoryResource(ds.getRepository(AlertEvent), 'alert_events'),
      options: {
        navigation: navigation.alerts,
        sort: { sortBy: 'createdAt', direction: 'desc' },
        listProperties: ['createdAt', 'ruleId', 'periodKey', 'tier', 'status', 'value', 'threshold', 'sentAt'],
        filterProperties: ['ruleId', 'status', 'periodKey', 'createdAt'],
        properties: { ruleId: { reference: 'alert_rules' }, message: { type: 'textarea' } },
        actions: { ...readOnly },
      },
    },
  ];
}
