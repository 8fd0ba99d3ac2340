import type { ResourceWithOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import { SyncRun, SyncRunSource } from '../../entities/index.js';
import { navigation, notEditable, readOnly } from './access.js';
import { date, number, status } from './display.js';
import { RepositoryResource } from './repository.resource.js';

/** Sync runs and their per-workspace, per-source lines: what happened and what failed, read-only. */
export function syncRunResources(ds: DataSource): ResourceWithOptions[] {
  return [
    {
      resource: new RepositoryResource(ds.getRepository(SyncRun), 'sync_runs'),
      options: {
        navigation: navigation.activity,
        sort: { sortBy: 'startedAt', direction: 'desc' },
        listProperties: ['startedAt', 'status', 'trigger', 'finishedAt', 'error'],
        filterProperties: ['status', 'trigger', 'startedAt'],
        // Referenced (and searched) by their id, so no date as the title: the start is kept on a phone instead.
        properties: { id: notEditable, error: { type: 'textarea' }, startedAt: date({ phone: true }), finishedAt: date(), status: status({ phone: true }), trigger: status() },
        actions: { ...readOnly },
      },
    },
    {
      resource: new RepositoryResource(ds.getRepository(SyncRunSource), 'sync_run_sources'),
      options: {
        navigation: navigation.activity,
        sort: { sortBy: 'startedAt', direction: 'desc' },
        listProperties: ['startedAt', 'syncRunId', 'workspaceId', 'source', 'status', 'rows', 'errors', 'lastError'],
        filterProperties: ['syncRunId', 'workspaceId', 'source', 'status'],
        properties: {
          syncRunId: { reference: 'sync_runs' },
          workspaceId: { reference: 'workspaces' },
          lastError: { type: 'textarea' },
          startedAt: date({ phone: true }),
          status: status({ phone: true }),
          source: status(),
          rows: number(),
          errors: number(),
        },
        actions: { ...readOnly },
      },
    },
  ];
}
