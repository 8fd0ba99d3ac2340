import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { MissingRateError } from '../exchange-rates/exchange-rates.service.js';
import { assertRatesFound, type ConversionColumns, convertedSumsSql } from './report-conversion.js';
import { COUNTS, type RawSums, VENDOR_MONEY } from './report-source.js';

/**
 * A workspace's all-time totals as a sync run leaves them: the history its page charts. Summed here,
 * in the reporting module, from the hourly rollups every report reads (kept exact by the calls
 * triggers in the same transaction as each write), so a snapshot is the reports' own figure.
 * In the workspace's own currency, each call converted at its UTC day's rate; while that currency has
 * no rate yet, in REPORT_CURRENCY, and if that cannot be converted either, no snapshot (logged): a
 * missing rate never fails the sync.
 */
@Injectable()
export class SnapshotWriter {
  private readonly logger = new Logger(SnapshotWriter.name);

  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {}

  async take(syncRunId: string, workspaceId: string): Promise<void> {
    const [{ currency }] = await this.ds.query<Array<{ currency: string }>>('SELECT currency FROM workspaces WHERE id = $1', [workspaceId]);
    const tried = [...new Set([currency, this.config.reporting.currency])];
    for (const target of tried) {
      try {
        return await this.write(syncRunId, workspaceId, target);
      } catch (e) {
        if (!(e instanceof MissingRateError)) throw e;
        this.logger.warn(`snapshot of workspace ${workspaceId} not in ${target}: ${e.message}`);
      }
    }
  }

  private async write(syncRunId: string, workspaceId: string, currency: string): Promise<void> {
    const sums = convertedSumsSql({
      from: '(SELECT r.*, r.hour AS at FROM call_hourly_rollups r WHERE r.workspace_id = $1) s',
      keys: [],
      at: 's.at',
      counts: COUNTS,
      money: VENDOR_MONEY,
      target: '$2',
    });
    const [totals] = await this.ds.query<Array<RawSums & ConversionColumns>>(sums, [workspaceId, currency]);
    assertRatesFound([totals]);
    await this.ds.query(
      `INSERT INTO snapshots (sync_run_id, workspace_id, taken_at, calls, minutes, twilio_cost, elevenlabs_cost, total_cost,
                              currency, unpriced_calls, estimated_calls)
       VALUES ($1, $2, now(), $3, round($4 / 60.0, 4), $5, $6, $5::numeric + $6::numeric, $7, $8, $9)
       ON CONFLICT (sync_run_id, workspace_id) DO NOTHING`,
      [syncRunId, workspaceId, totals.calls, totals.seconds, totals.twilio_cost, totals.elevenlabs_cost, currency, totals.unpriced_calls, totals.estimated_calls],
    );
  }
}
