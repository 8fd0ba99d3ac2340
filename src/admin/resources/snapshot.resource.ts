import type { ResourceWithOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import { Snapshot } from '../../entities/index.js';
import { navigation, readOnly } from './access.js';
import { RepositoryResource } from './repository.resource.js';

export function snapshotResource(ds: DataSource): ResourceWithOptions {
  return {
    resource: new RepositoryResource(ds.getRepository(Snapshot), 'snapshots'),
    options: {
      navigation: navigation.activity,
      sort: { sortBy: 'takenAt', direction: 'desc' },
      listProperties: ['takenAt', 'workspaceId', 'calls', 'minutes', 'twilioCost', 'elevenlabsCost', 'totalCost', 'currency'],
      filterProperties: ['workspaceId', 'syncRunId', 'takenAt'],
      properties: { workspaceId: { reference: 'workspaces' }, syncRunId: { reference: 'sync_runs' } },
      actions: { ...readOnly },
    },
  };
}
