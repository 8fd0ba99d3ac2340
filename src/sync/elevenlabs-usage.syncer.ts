import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { nextDay } from '../elevenlabs/elevenlabs-usage.mapper.js';
import { type CreditsDay, ELEVENLABS_PORT, type ElevenlabsPort } from '../elevenlabs/elevenlabs.port.js';
import { UsageAccess } from '../entities/index.js';
import { ourCreditsByDaySql } from '../reporting/elevenlabs-ledger.js';
import type { WorkspaceSyncContext } from './sync-context.js';

/** Recent days are re-read at least this far back: the vendor's figures for them still move. */
const REREAD_DAYS = 3;
/** Days asked for in one request: a first run's backfill is split so no answer grows without bound. */
const DAYS_PER_REQUEST = 90;
const DAY_MS = 86_400_000;

/**
 * One workspace's daily credits from ElevenLabs' workspace usage analytics, for the ledger. A side
 * read: it never fails the run or marks it partial. A key without the permission is a state of the
 * key (stored as `forbidden` with the vendor's words); anything else is stored as `failed` and logged.
 */
@Injectable()
export class ElevenlabsUsageSyncer {
  private readonly logger = new Logger('Sync');

  constructor(
    @Inject(ELEVENLABS_PORT) private readonly elevenlabs: ElevenlabsPort,
    private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {}

  async sync(ctx: WorkspaceSyncContext): Promise<void> {
    const { workspace } = ctx;
    const apiKey = ctx.credentials.elevenlabsApiKey;
    try {
      if (ctx.signal.aborted) return;
      if (!apiKey) return await this.record(workspace.id, UsageAccess.Failed, 'the workspace has no ElevenLabs API key');
      const today = ctx.now.toISOString().slice(0, 10);
      for (let from = await this.firstDay(workspace.id, ctx.now); from <= today;) {
        ctx.signal.throwIfAborted();
        const to = minDay(addDays(from, DAYS_PER_REQUEST - 1), today);
        const outcome = await this.elevenlabs.dailyCredits(apiKey, { from, to });
        if (outcome.access === 'forbidden') return await this.record(workspace.id, UsageAccess.Forbidden, outcome.reason);
        await this.store(workspace.id, outcome.days);
        from = nextDay(to);
      }
      await this.record(workspace.id, UsageAccess.Ok, null);
    } catch (err) {
      const reason = describeError(err, [apiKey]);
      this.logger.warn(`sync ${ctx.runId}: ElevenLabs usage of ${workspace.slug} not read: ${reason}`);
      await this.record(workspace.id, UsageAccess.Failed, reason).catch((e) =>
        this.logger.error(`sync ${ctx.runId}: could not record the ElevenLabs usage outcome of ${workspace.slug}: ${describeError(e)}`),
      );
    }
  }

  /**
   * First read: SYNC_BACKFILL_DAYS back. Later: from the last day stored (a sync may not have run for
   * a while), the last few days, or the oldest day whose vendor figure still differs from our
   * conversations, whichever is oldest, never before the backfill horizon.
   */
  private async firstDay(workspaceId: string, now: Date): Promise<string> {
    const horizon = addDays(now.toISOString().slice(0, 10), -this.config.sync.backfillDays);
    const today = now.toISOString().slice(0, 10);
    const [row] = await this.ds.query<Array<{ last: string | null; differs: string | null }>>(
      `WITH ours AS (${ourCreditsByDaySql('$2', '$3', '$1')})
       SELECT (SELECT max(day)::text FROM elevenlabs_usage_days WHERE workspace_id = $1) AS last,
              (SELECT min(u.day)::text FROM elevenlabs_usage_days u LEFT JOIN ours o ON o.day = u.day
                WHERE u.workspace_id = $1 AND u.day >= $2::date AND u.credits <> COALESCE(o.credits, 0)) AS differs`,
      [workspaceId, horizon, today],
    );
    if (!row?.last) return horizon;
    const from = [row.last, addDays(today, -REREAD_DAYS), row.differs ?? today].sort()[0];
    return from < horizon ? horizon : from;
  }

  private async store(workspaceId: string, days: CreditsDay[]): Promise<void> {
    if (!days.length) return;
    await this.ds.query(
      `INSERT INTO elevenlabs_usage_days (workspace_id, day, credits, synced_at)
       SELECT $1, d.day, d.credits, now() FROM unnest($2::date[], $3::numeric[]) AS d(day, credits)
       ON CONFLICT (workspace_id, day) DO UPDATE SET credits = EXCLUDED.credits, synced_at = now()`,
      [workspaceId, days.map((d) => d.day), days.map((d) => d.credits)],
    );
  }

  private async record(workspaceId: string, access: UsageAccess, reason: string | null): Promise<void> {
    await this.ds.query(
      `INSERT INTO elevenlabs_usage_access (workspace_id, access, reason, checked_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (workspace_id) DO UPDATE SET access = EXCLUDED.access, reason = EXCLUDED.reason, checked_at = now()`,
      [workspaceId, access, reason],
    );
  }
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}
