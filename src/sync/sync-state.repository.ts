import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SyncRunSource, SyncSource, SyncStatus, SyncWatermark } from '../entities/index.js';

/** Watermarks and per-source progress on the run. */
@Injectable()
export class SyncStateRepository {
  constructor(private readonly ds: DataSource) {}

  async watermark(workspaceId: string, source: SyncSource): Promise<Date | null> {
    const row = await this.ds.getRepository(SyncWatermark).findOneBy({ workspaceId, source });
    return row?.syncedUntil ?? null;
  }

  /** Called only once a whole window was stored, so the watermark never passes what is missing. */
  async advanceWatermark(workspaceId: string, source: SyncSource, syncedUntil: Date): Promise<void> {
    await this.ds.query(
      `INSERT INTO sync_watermarks (workspace_id, source, synced_until, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (workspace_id, source) DO UPDATE SET synced_until = GREATEST(sync_watermarks.synced_until, EXCLUDED.synced_until), updated_at = now()`,
      [workspaceId, source, syncedUntil],
    );
  }

  async beginSource(syncRunId: string, workspaceId: string | null, source: SyncSource): Promise<SyncRunSource> {
    return this.ds.getRepository(SyncRunSource).save({ syncRunId, workspaceId, source, status: SyncStatus.Running });
  }

  async addProgress(sourceId: string, pages: number, rows: number): Promise<void> {
    await this.ds.query('UPDATE sync_run_sources SET pages = pages + $2, rows = rows + $3 WHERE id = $1', [sourceId, pages, rows]);
  }

  /** `error` comes from describeError, which already strips what PostgreSQL refuses in text (NUL). */
  async finishSource(sourceId: string, error?: string): Promise<void> {
    await this.ds.query(`UPDATE sync_run_sources SET status = $2, errors = errors + $3, last_error = COALESCE($4, last_error), finished_at = now() WHERE id = $1`, [
      sourceId,
      error ? SyncStatus.Failed : SyncStatus.Succeeded,
      error ? 1 : 0,
      error ?? null,
    ]);
  }

  /** At the end of a run, whatever happened: no source of it may stay `running`. */
  async failUnfinishedSources(syncRunId: string, error: string): Promise<void> {
    await this.ds.query(
      `UPDATE sync_run_sources SET status = $2, errors = errors + 1, last_error = COALESCE(last_error, $3), finished_at = now()
        WHERE sync_run_id = $1 AND status = $4`,
      [syncRunId, SyncStatus.Failed, error, SyncStatus.Running],
    );
  }
}
