import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { SyncSource, USAGE_SCOPES } from '../entities/index.js';
import { TWILIO_PORT, type TwilioAccount, type TwilioPort, type UsageDay } from '../twilio/twilio.port.js';
import { LedgerRepository } from './ledger.repository.js';
import { SyncStateRepository } from './sync-state.repository.js';
import { TwilioLedger } from './twilio-ledger.js';

/**
 * Days always re-read, reconciled or not: Twilio keeps adding prices to recent days and may revise a
 * record within its billing cycle. A page holds 1,000 daily records, so five weeks cost the same
 * three requests (one per usage scope) as three days would.
 */
const REREAD_DAYS = 35;
const DAY_MS = 86_400_000;

/**
 * Daily Usage Records of every Twilio account our workspaces use, then the ledger: each day not yet
 * reconciled is explained and, where nothing explains it, repaired (one source row per run).
 */
@Injectable()
export class TwilioUsageSyncer {
  constructor(
    @Inject(TWILIO_PORT) private readonly twilio: TwilioPort,
    private readonly state: SyncStateRepository,
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly ledger: TwilioLedger,
    private readonly ledgerState: LedgerRepository,
  ) {}

  async sync(runId: string, accounts: TwilioAccount[], now: Date, signal: AbortSignal): Promise<boolean> {
    if (accounts.length === 0) return true;
    const source = await this.state.beginSource(runId, null, SyncSource.TwilioUsage);
    const failures: string[] = [];
    for (const account of accounts) {
      try {
        const range = { startDate: await this.firstDay(account.accountSid, now), endDate: now.toISOString().slice(0, 10) };
        // Twilio's own per-day call totals, all, inbound and outbound, for reconciliation.
        const days = await this.twilio.listDailyUsage(account, range, USAGE_SCOPES);
        await this.store(days);
        await this.state.addProgress(source.id, USAGE_SCOPES.length, days.length);
        const ledger = await this.ledger.reconcile(account, range.startDate, now, signal);
        await this.state.addProgress(source.id, ledger.requests, ledger.listed);
      } catch (err) {
        failures.push(`${account.accountSid}: ${describeError(err, [account.authToken])}`);
      }
    }
    await this.state.finishSource(source.id, failures.length ? failures.join('; ') : undefined);
    return failures.length === 0;
  }

  /**
   * First run: the backfill. Later: from the oldest day the ledger has not reconciled yet (a revision
   * on Twilio's side reaches us), and always the last few days.
   */
  private async firstDay(accountSid: string, now: Date): Promise<string> {
    const recent = new Date(now.getTime() - REREAD_DAYS * DAY_MS).toISOString().slice(0, 10);
    if (!(await this.ledgerState.hasUsage(accountSid))) return new Date(now.getTime() - this.config.sync.backfillDays * DAY_MS).toISOString().slice(0, 10);
    const open = await this.ledgerState.oldestOpenDay(accountSid);
    return open && open < recent ? open : recent;
  }

  private async store(days: UsageDay[]): Promise<void> {
    if (!days.length) return;
    await this.ds.query(
      `INSERT INTO twilio_usage_days (account_sid, day, scope, count, usage, usage_unit, cost, price_unit, synced_at)
       SELECT * , now() FROM unnest($1::text[], $2::date[], $3::twilio_usage_scope[], $4::int[], $5::numeric[], $6::text[], $7::numeric[], $8::text[])
       ON CONFLICT (account_sid, day, scope) DO UPDATE SET
         count = EXCLUDED.count, usage = EXCLUDED.usage, usage_unit = EXCLUDED.usage_unit, cost = EXCLUDED.cost,
         price_unit = EXCLUDED.price_unit, synced_at = now()`,
      [
        days.map((d) => d.accountSid),
        days.map((d) => d.day),
        days.map((d) => d.scope),
        days.map((d) => d.count),
        days.map((d) => d.usage),
        days.map((d) => d.usageUnit),
        days.map((d) => d.cost),
        days.map((d) => d.priceUnit),
      ],
    );
  }
}
