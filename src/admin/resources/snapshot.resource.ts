import type { ResourceWithOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import { Snapshot } from '../../entities/index.js';
import { navigation, readOnly } from './access.js';
import { date, money, number } from './display.js';
import { RepositoryResource } from './repository.resource.js';

export function snapshotResource(ds: DataSource): ResourceWithOptions {
  return {
    resource: new RepositoryResource(ds.getRepository(Snapshot), 'snapshots'),
    options: {
      navigation: navigation.activity,
      sort: { sortBy: 'takenAt', direction: 'desc' },
      listProperties: ['takenAt', 'workspaceId', 'calls', 'minutes', 'twilioCost', 'elevenlabsCost', 'totalCost', 'currency'],
      filterProperties: ['workspaceId', 'syncRunId', 'takenAt'],
      properties: {
        // When it was taken names a snapshot: the title column, kept on a phone.
        takenAt: { isTitle: true, ...date() },
        workspaceId: { reference: 'workspaces' },
        syncRunId: { reference: 'sync_runs' },
        calls: number(),
        minutes: number({ digits: 1 }),
        // Amounts in the snapshot's own currency.
        twilioCost: money({ currencyPath: 'currency' }),
        elevenlabsCost: money({ currencyPath: 'currency' }),
        totalCost: money({ currencyPath: 'currency', phone: true }),
        unpricedCalls: number(),
        estimatedCalls: number(),
      },
      actions: { ...readOnly },
    },
  };
}
