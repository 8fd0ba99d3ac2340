import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { describeError } from '../common/errors.js';
import { ExchangeRatesImporter } from './exchange-rates.importer.js';

/** After the ECB's publication (around 16:00 CET) on business days; a sync in between imports too. */
const DAILY = '30 16 * * *';

/** Thin cron: the importer takes the rates' advisory lock, so replicas import once. */
@Injectable()
export class ExchangeRatesScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('ExchangeRatesScheduler');

  constructor(
    private readonly importer: ExchangeRatesImporter,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.importer.enabled) {
      this.logger.log('daily ECB rates import is off (FX_RATES_URL=off)');
      return;
    }
    const job = CronJob.from({ cronTime: DAILY, onTick: () => this.tick(), timeZone: 'UTC' });
    this.registry.addCronJob('exchange-rates', job);
    job.start();
  }

  private async tick(): Promise<void> {
    try {
      const outcome = await this.importer.importNow();
      if (!outcome) this.logger.log('skipped: another process is importing the ECB rates');
    } catch (err) {
      this.logger.error(`daily ECB rates import failed: ${describeError(err)}`);
    }
  }
}
