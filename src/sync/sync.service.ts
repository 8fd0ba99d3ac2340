import { ConflictException, Injectable, Logger, NotFoundException, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { describeError } from '../common/errors.js';
import { isUuid } from '../common/input-rules.js';
import { mapLimit } from '../common/limiter.js';
import { AppConfig } from '../config/app-config.js';
import { LOCKS, tryAdvisoryLock, type HeldLock } from '../database/advisory-lock.js';
import { CreditRateBook } from '../elevenlabs/credit-rate-book.js';
import { FINAL_CONVERSATION_STATUSES } from '../elevenlabs/elevenlabs.port.js';
import { ExchangeRatesImporter } from '../exchange-rates/exchange-rates.importer.js';
import { SnapshotWriter } from '../reporting/snapshot-writer.js';
import { CreditRate, SyncRun, SyncRunSource, SyncSource, SyncStatus, SyncTrigger, Workspace } from '../entities/index.js';
import type { TwilioAccount } from '../twilio/twilio.port.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import { ElevenlabsConversationsSyncer } from './elevenlabs-conversations.syncer.js';
import { ElevenlabsUsageSyncer } from './elevenlabs-usage.syncer.js';
import { syncRunView, type SyncRunView } from './dto/sync-run.view.js';
import type { WorkspaceSyncContext } from './sync-context.js';
import { SyncEvents } from './sync-events.js';
import { SyncStateRepository } from './sync-state.repository.js';
import { TwilioCallsSyncer } from './twilio-calls.syncer.js';
import { TwilioUsageSyncer } from './twilio-usage.syncer.js';
import { fairShares } from './revisit-plan.js';
import { RevisitRepository } from './revisit.repository.js';

/** Workspaces synced side by side; each vendor's own limiter bounds the requests in flight. */
const WORKSPACE_CONCURRENCY = 2;

interface RevisitShares {
  before: Date;
  twilio: Map<string, number>;
  elevenlabs: Map<string, number>;
}

export class SyncAlreadyRunningError extends ConflictException {
  constructor(readonly runId: string | null) {
    super({ statusCode: 409, message: 'A sync is already running', runId });
  }
}

/**
 * Starts and runs syncs. One at a time across every process on the database: the run holds a
 * PostgreSQL advisory lock on its own connection, which a crashed process releases by dying.
 */
@Injectable()
export class SyncService implements OnApplicationShutdown {
  private readonly logger = new Logger('Sync');
  private current: { runId: string; done: Promise<void>; abort: AbortController } | null = null;

  constructor(
    private readonly ds: DataSource,
    @InjectRepository(SyncRun) private readonly runs: Repository<SyncRun>,
    @InjectRepository(SyncRunSource) private readonly sources: Repository<SyncRunSource>,
    private readonly workspaces: WorkspacesService,
    private readonly state: SyncStateRepository,
    private readonly twilioCalls: TwilioCallsSyncer,
    private readonly conversations: ElevenlabsConversationsSyncer,
    private readonly usage: TwilioUsageSyncer,
    private readonly config: AppConfig,
    private readonly events: SyncEvents,
    private readonly revisitNeeds: RevisitRepository,
    private readonly snapshots: SnapshotWriter,
    private readonly elevenlabsUsage: ElevenlabsUsageSyncer,
    private readonly clock: Clock,
    private readonly fxRates: ExchangeRatesImporter,
  ) {}

  /** Starts a run in the background and returns it; SyncAlreadyRunningError (409) when one is running. */
  async start(trigger: SyncTrigger): Promise<SyncRun> {
    const lock = await tryAdvisoryLock(this.ds, LOCKS.sync);
    if (!lock) throw new SyncAlreadyRunningError(await this.runningRunId());
    try {
      // Holding the lock, any run still marked running belongs to a process that died.
      await this.runs.update(
        { status: SyncStatus.Running },
        { status: SyncStatus.Failed, finishedAt: this.clock.now(), error: 'interrupted: its process stopped before finishing' },
      );
      // The run's start is its "now": the window it reads, today's usage day and the revisit cut-off all follow from it.
      const run = await this.runs.save(this.runs.create({ trigger, status: SyncStatus.Running, startedAt: this.clock.now() }));
      const abort = new AbortController();
      const done = this.execute(run, lock, abort.signal).finally(() => {
        if (this.current?.runId === run.id) this.current = null;
      });
      this.current = { runId: run.id, done, abort };
      return run;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  /** Starts a run and waits for its outcome (CLI, tests). */
  async runNow(trigger: SyncTrigger): Promise<SyncRunView> {
    const run = await this.start(trigger);
    await this.current?.done;
    return this.view(run.id);
  }

  /** Resolves when the run this process started has finished (immediately if none). */
  async settled(): Promise<void> {
    await this.current?.done;
  }

  async view(id: string): Promise<SyncRunView> {
    const run = isUuid(id) ? await this.runs.findOneBy({ id }) : null;
    if (!run) throw new NotFoundException(`No sync run '${id}'`);
    const sources = await this.sources.find({ where: { syncRunId: id }, relations: { workspace: true }, order: { id: 'ASC' } });
    return syncRunView(run, sources);
  }

  async recent(limit: number): Promise<SyncRunView[]> {
    const runs = await this.runs.find({ order: { startedAt: 'DESC' }, take: limit });
    return Promise.all(runs.map((r) => this.view(r.id)));
  }

  async onApplicationShutdown(): Promise<void> {
    this.current?.abort.abort();
    await this.current?.done.catch(() => undefined);
  }

  private async execute(run: SyncRun, lock: HeldLock, signal: AbortSignal): Promise<void> {
    let status = SyncStatus.Failed;
    let error: string | null = null;
    try {
      // ECB rates first, recorded on the run as their own source; a failing ECB never fails the run.
      await this.fxRates.importForSync(run.id, this.state);
      await this.seedGlobalCreditRate();
      const rates = new CreditRateBook(await this.ds.getRepository(CreditRate).find());
      const active = await this.ds.getRepository(Workspace).find({ where: { active: true }, order: { name: 'ASC' } });
      const accounts = new Map<string, TwilioAccount>();
      const revisits = await this.revisitShares(run.startedAt, active);
      const outcomes = await mapLimit(active, WORKSPACE_CONCURRENCY, (workspace) =>
        this.syncWorkspace(run, workspace, rates, signal, accounts, revisits).catch((err) => {
          // A bug or a database error, not a vendor's answer: this workspace fails, the others carry on.
          this.logger.error(`sync ${run.id}: workspace ${workspace.slug} failed unexpectedly: ${describeError(err)}`);
          return [false];
        }),
      );
      const usageOk = await this.usage.sync(run.id, [...accounts.values()], run.startedAt, signal).catch((err) => {
        this.logger.error(`sync ${run.id}: usage records failed unexpectedly: ${describeError(err)}`);
        return false;
      });
      const results = [...outcomes.flat(), usageOk];
      status = results.every(Boolean) ? SyncStatus.Succeeded : results.some(Boolean) ? SyncStatus.Partial : SyncStatus.Failed;
    } catch (err) {
      error = describeError(err);
      this.logger.error(`sync ${run.id} failed: ${error}`);
    } finally {
      await this.state
        .failUnfinishedSources(run.id, error ?? 'stopped on an unexpected error it could not record (see the server log)')
        .catch((err) => this.logger.error(`could not close the sources of sync ${run.id}: ${describeError(err)}`));
      await this.runs
        .update({ id: run.id }, { status, finishedAt: this.clock.now(), error })
        .catch((err) => this.logger.error(`could not record the end of sync ${run.id}: ${describeError(err)}`));
      await lock.release().catch(() => undefined);
      this.logger.log(`sync ${run.id} ${status}`);
      // After the lock is released, so a slow listener (Slack) never holds up the next sync.
      await this.events.finished({ id: run.id, status });
    }
  }

  /** Both sources side by side, then the workspace's snapshot. One outcome per source. */
  private async syncWorkspace(
    run: SyncRun,
    workspace: Workspace,
    rates: CreditRateBook,
    signal: AbortSignal,
    accounts: Map<string, TwilioAccount>,
    revisits: RevisitShares,
  ): Promise<boolean[]> {
    let credentials;
    try {
      credentials = await this.workspaces.credentials(workspace.id);
    } catch (err) {
      // Unreadable secrets (ENCRYPTION_KEY changed?) fail this workspace only.
      const reason = `cannot read the workspace's secrets: ${describeError(err)}`;
      for (const source of [SyncSource.Twilio, SyncSource.Elevenlabs]) {
        await this.state.finishSource((await this.state.beginSource(run.id, workspace.id, source)).id, reason);
      }
      return [false, false];
    }
    if (credentials.twilio) accounts.set(credentials.twilio.accountSid, credentials.twilio);
    const ctx: WorkspaceSyncContext = {
      runId: run.id,
      workspace,
      credentials,
      rates,
      now: run.startedAt,
      signal,
      revisitBefore: revisits.before,
      revisitBudget: { twilio: revisits.twilio.get(workspace.id) ?? 0, elevenlabs: revisits.elevenlabs.get(workspace.id) ?? 0 },
    };
    // allSettled: one source throwing must not leave the other running on after the run has ended.
    const settled = await Promise.allSettled([this.twilioCalls.sync(ctx), this.conversations.sync(ctx)]);
    const outcomes = settled.map((s) => s.status === 'fulfilled' && s.value);
    for (const s of settled) {
      if (s.status === 'rejected') this.logger.error(`sync ${run.id}: a source of ${workspace.slug} failed unexpectedly: ${describeError(s.reason)}`);
    }
    await this.elevenlabsUsage.sync(ctx); // after the conversations it is compared with; never fails the run
    await this.snapshots.take(run.id, workspace.id);
    return outcomes;
  }

  /** SYNC_REVISIT_MAX_REQUESTS per vendor, shared fairly between the active workspaces that have old pending items. */
  private async revisitShares(now: Date, active: Workspace[]): Promise<RevisitShares> {
    const before = new Date(now.getTime() - this.config.sync.pricePendingMaxHours * 3_600_000);
    const ids = new Set(active.map((w) => w.id));
    const onlyActive = (needs: Map<string, number>) => new Map([...needs].filter(([id]) => ids.has(id)));
    const budget = this.config.sync.revisitMaxRequests;
    return {
      before,
      twilio: fairShares(onlyActive(await this.revisitNeeds.twilioNeeds(before)), budget),
      elevenlabs: fairShares(onlyActive(await this.revisitNeeds.conversationNeeds(before, [...FINAL_CONVERSATION_STATUSES])), budget),
    };
  }

  /** ELEVENLABS_USD_PER_CREDIT seeds the global rate once; later plan changes are rows with their own dates. */
  private async seedGlobalCreditRate(): Promise<void> {
    const price = this.config.elevenlabs.usdPerCredit;
    if (!price) return;
    await this.ds.query(
      `INSERT INTO credit_rates (workspace_id, effective_from, price_per_credit, currency)
       SELECT NULL, DATE '2000-01-01', $1, 'USD' WHERE NOT EXISTS (SELECT 1 FROM credit_rates WHERE workspace_id IS NULL)`,
      [price],
    );
  }

  private async runningRunId(): Promise<string | null> {
    // The holder may be between taking the lock and writing its run row: look twice.
    for (let i = 0; i < 5; i++) {
      const running = await this.runs.findOne({ where: { status: SyncStatus.Running }, order: { startedAt: 'DESC' } });
      if (running) return running.id;
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  }
}
