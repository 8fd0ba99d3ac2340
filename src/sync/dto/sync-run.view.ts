import type { SyncRun, SyncRunSource } from '../../entities/index.js';

/** The sync-run shape other clients script against: keep these keys. */
export interface SyncRunView {
  id: string;
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  sources: SyncSourceView[];
}

export interface SyncSourceView {
  workspaceId: string | null;
  workspace: string | null;
  source: string;
  status: string;
  pages: number;
  rows: number;
  errors: number;
  lastError: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export function syncRunView(run: SyncRun, sources: SyncRunSource[]): SyncRunView {
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    sources: sources.map((s) => ({
      workspaceId: s.workspaceId,
      workspace: s.workspace?.slug ?? null,
      source: s.source,
      status: s.status,
      pages: s.pages,
      rows: s.rows,
      errors: s.errors,
      lastError: s.lastError,
      startedAt: s.startedAt.toISOString(),
      finishedAt: s.finishedAt?.toISOString() ?? null,
    })),
  };
}
