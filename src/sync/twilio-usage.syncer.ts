import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { SyncSource } from '../entities/index.js';
import { TWILIO_PORT, type TwilioAccount, type TwilioPort, type UsageDay } from '../twilio/twilio.port.js';
import { SyncStateRepository } from './sync-state.repository.js';

/** Twilio's own per-day call totals, in all, inbound and outbound, for reconciliation. */
export const USAGE_CATEGORIES = ['calls', 'calls-inbound', 'calls-outbound'];
/** Recent days are re-read at least this far back: Twilio keeps adding prices to them. */
const REREAD_DAYS = 3;

/** Daily Usage Records of every Twilio account our workspaces use (one source row per run). */
@Injectable()
export class TwilioUsageSyncer {
  constructor(
    @Inject(TWILIO_PORT) private readonly twilio: TwilioPort,
    private readonly state: SyncStateRepository,
    private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {}

  async sync(runId: string, accounts: TwilioAccount[], now: Date): Promise<boolean> {
    if (accounts.length === 0) return true;
    const source = await this.state.beginSource(runId, null, SyncSource.TwilioUsage);
    const failures: string[] = [];
    for (const account of accounts) {
      try {
        const range = { startDate: await this.firstDay(account.accountSid, now), endDate: now.toISOString().slice(0, 10) };
        const days = await this.twilio.listDailyUsage(account, range, USAGE_CATEGORIES);
        await this.store(days);
        await this.state.addProgress(source.id, 1, days.length);
      } catch (err) {
        failures.push(`${account.accountSid}: ${describeError(err, [account.authToken])}`);
      }
    }
    await this.state.finishSource(source.id, failures.length ? failures.join('; ') : undefined);
    return failures.length === 0;
  }

  /**
   * First run: the backfill. Later: far enough back to cover every day whose prices may still move,
   * as long as call prices are revisited (SYNC_PRICE_PENDING_MAX_HOURS), and at least a few days.
   */
  private async firstDay(accountSid: string, now: Date): Promise<string> {
    const [row] = await this.ds.query(`SELECT max(day)::text AS last FROM twilio_usage_days WHERE account_sid = $1`, [accountSid]);
    const settling = Math.max(REREAD_DAYS * 24, this.config.sync.pricePendingMaxHours) * 3_600_000;
    const from = row?.last
      ? new Date(Math.min(Date.parse(`${row.last}T00:00:00Z`), now.getTime()) - settling)
      : new Date(now.getTime() - this.config.sync.backfillDays * 86_400_000);
    return from.toISOString().slice(0, 10);
  }

  private async store(days: UsageDay[]): Promise<void> {
    if (!days.length) return;
    await this.ds.query(
      `INSERT INTO twilio_usage_days (account_sid, day, category, count, usage, usage_unit, cost, price_unit, synced_at)
       SELECT * , now() FROM unnest($1::text[], $2::date[], $3::text[], $4::int[], $5::numeric[], $6::text[], $7::numeric[], $8::text[])
       ON CONFLICT (account_sid, day, category) DO UPDATE SET
         count = EXCLUDED.count, usage = EXCLUDED.usage, usage_unit = EXCLUDED.usage_unit, cost = EXCLUDED.cost,
         price_unit = EXCLUDED.price_unit, synced_at = now()`,
      [
        days.map((d) => d.accountSid),
        days.map((d) => d.day),
        days.map((d) => d.category),
        days.map((d) => d.count),
        days.map((d) => d.usage),
        days.map((d) => d.usageUnit),
        days.map((d) => d.cost),
        days.map((d) => d.priceUnit),
      ],
    );
  }
}
