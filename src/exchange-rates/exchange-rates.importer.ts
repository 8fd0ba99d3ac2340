import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { describeError } from '../common/errors.js';
import { Limiter } from '../common/limiter.js';
import { resilientFetch } from '../common/resilient-fetch.js';
import { AppConfig } from '../config/app-config.js';
import { LOCKS, tryAdvisoryLock } from '../database/advisory-lock.js';
import { SyncSource } from '../entities/index.js';
import type { SyncStateRepository } from '../sync/sync-state.repository.js';
import { addDays, todayIn } from '../reporting/periods.js';
import { type EcbRate, parseEcbXml } from './ecb-xml.parser.js';

export interface ImportOutcome {
  /** The file read: the 90-day file, or the full history on a first import. */
  url: string;
  /** Rates in the file that were kept (on or after `keptFrom`). */
  rates: number;
  /** Rows inserted or whose rate changed: 0 when the same file is imported again. */
  changed: number;
  keptFrom: string;
}

/** Rates kept from this many days before the oldest call, so its day has a rate across a long holiday. */
const MARGIN_DAYS = 7;
/** Without calls, a first import keeps this much history (the 90-day file's span). */
const DEFAULT_DAYS = 90;
const BATCH = 1000;

/**
 * Fills `exchange_rates` from the ECB's files (FX_RATES_URL). The first import, or one that finds
 * calls older than the stored rates, reads the full history file from the same folder, keeping only
 * the days from shortly before the oldest call; later imports read the 90-day file. Upserts are
 * idempotent, so the daily cron and every sync may both run it.
 */
@Injectable()
export class ExchangeRatesImporter {
  private readonly logger = new Logger('ExchangeRates');
  private readonly fetch: typeof fetch;

  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.fetch = resilientFetch({
      timeoutMs: config.vendor.timeoutMs,
      retry: { maxRetries: config.vendor.maxRetries, baseMs: config.vendor.retryBaseMs, maxMs: 60_000 },
      limiter: new Limiter(1),
      onRetry: (r) => this.logger.warn(`ECB retry ${r.attempt} in ${r.waitMs} ms after ${r.reason}`),
    });
  }

  get enabled(): boolean {
    return this.config.exchangeRates.ratesUrl !== null;
  }

  /** One import under the rates lock; null when the import is off or another process is importing. Throws on failure. */
  async importNow(): Promise<ImportOutcome | null> {
    const url = this.config.exchangeRates.ratesUrl;
    if (url === null) return null;
    const lock = await tryAdvisoryLock(this.ds, LOCKS.exchangeRates);
    if (!lock) return null;
    try {
      return await this.importFrom(url);
    } finally {
      await lock.release();
    }
  }

  /**
   * The import at the start of a sync, recorded on the run as its `ecb_rates` source. Never throws:
   * a failing ECB leaves the previous rates in place and must not stop Twilio and ElevenLabs.
   */
  async importForSync(runId: string, state: SyncStateRepository): Promise<void> {
    if (!this.enabled) return;
    try {
      const source = await state.beginSource(runId, null, SyncSource.EcbRates);
      try {
        const outcome = await this.importNow();
        if (outcome) await state.addProgress(source.id, 1, outcome.changed);
        await state.finishSource(source.id);
      } catch (err) {
        const reason = describeError(err);
        this.logger.warn(`sync ${runId}: ECB rates not imported: ${reason}`);
        await state.finishSource(source.id, reason);
      }
    } catch (err) {
      this.logger.error(`sync ${runId}: could not record the ECB rates import: ${describeError(err)}`);
    }
  }

  private async importFrom(url: string): Promise<ImportOutcome> {
    const plan = await this.plan(url);
    const res = await this.fetch(plan.url, { headers: { accept: 'application/xml, text/xml' } });
    const body = await res.text();
    if (!res.ok) throw new Error(`ECB answered HTTP ${res.status} for ${plan.url}`);
    const kept = parseEcbXml(body).filter((r) => r.day >= plan.keptFrom);
    const changed = await this.upsert(kept);
    this.logger.log(`ECB rates: ${kept.length} read from ${plan.url}, ${changed} new or changed`);
    return { url: plan.url, rates: kept.length, changed, keptFrom: plan.keptFrom };
  }

  /** Which file to read and from which day to keep its rates. */
  private async plan(url: string): Promise<{ url: string; keptFrom: string }> {
    const [{ oldestRate, oldestCall }] = await this.ds.query<Array<{ oldestRate: string | null; oldestCall: Date | null }>>(
      `SELECT (SELECT min(day)::text FROM exchange_rates WHERE source = 'ecb') AS "oldestRate",
              (SELECT min(started_at) FROM calls) AS "oldestCall"`,
    );
    const keptFrom = oldestCall ? addDays(todayIn('UTC', oldestCall), -MARGIN_DAYS) : addDays(todayIn('UTC', this.clock.now()), -DEFAULT_DAYS);
    const needHistory = oldestRate === null || (oldestCall !== null && oldestRate > todayIn('UTC', oldestCall));
    return { url: needHistory ? new URL('eurofxref-hist.xml', url).toString() : url, keptFrom: needHistory ? keptFrom : '0000-01-01' };
  }

  /** Inserts new days and updates changed rates only: a repeated import writes nothing. */
  private async upsert(rates: EcbRate[]): Promise<number> {
    let changed = 0;
    const sorted = [...rates].sort((a, b) => (a.currency + a.day < b.currency + b.day ? -1 : 1));
    for (let i = 0; i < sorted.length; i += BATCH) {
      const batch = sorted.slice(i, i + BATCH);
      const rows = await this.ds.query<unknown[]>(
        `INSERT INTO exchange_rates (currency, day, source, eur_rate, updated_at)
         SELECT c, d::date, 'ecb', r::numeric, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS t(c, d, r)
         ON CONFLICT (currency, day, source) DO UPDATE SET eur_rate = EXCLUDED.eur_rate, updated_at = now()
          WHERE exchange_rates.eur_rate IS DISTINCT FROM EXCLUDED.eur_rate
         RETURNING 1`,
        [batch.map((r) => r.currency), batch.map((r) => r.day), batch.map((r) => r.eurRate)],
      );
      changed += rows.length;
    }
    return changed;
  }
}
