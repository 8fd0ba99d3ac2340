import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SUMS } from './report-source.js';

/**
 * A workspace's all-time totals as a sync run leaves them: the history its page charts. Summed here,
 * in the reporting module, from the hourly rollups every report reads (kept exact by the calls
 * triggers in the same transaction as each write), so a snapshot is the reports' own figure.
 */
@Injectable()
export class SnapshotWriter {
  constructor(private readonly ds: DataSource) {}

  async take(syncRunId: string, workspaceId: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO snapshots (sync_run_id, workspace_id, taken_at, calls, minutes, twilio_cost, elevenlabs_cost, total_cost,
                              currency, unpriced_calls, estimated_calls)
       SELECT $1, w.id, now(), a.calls, round(a.seconds / 60.0, 4), a.twilio_cost, a.elevenlabs_cost,
              a.twilio_cost + a.elevenlabs_cost, w.currency, a.unpriced_calls, a.estimated_calls
         FROM workspaces w
        CROSS JOIN (SELECT ${SUMS} FROM call_hourly_rollups s WHERE s.workspace_id = $2) a
        WHERE w.id = $2
       ON CONFLICT (sync_run_id, workspace_id) DO NOTHING`,
      [syncRunId, workspaceId],
    );
  }
}
