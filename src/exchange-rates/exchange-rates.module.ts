import { type DynamicModule, Module } from '@nestjs/common';
import { ExchangeRatesController } from './exchange-rates.controller.js';
import { ExchangeRatesImporter } from './exchange-rates.importer.js';
import { ExchangeRatesScheduler } from './exchange-rates.scheduler.js';
import { ExchangeRates } from './exchange-rates.service.js';

/**
 * Euro reference rates: the ECB import (daily and with every sync), the lookup other modules convert
 * with (ExchangeRates), and /api/exchange-rates. `schedule: false` for CLIs (no cron).
 */
@Module({})
export class ExchangeRatesModule {
  // Nest tells dynamic modules apart by object identity: AppModule and SyncModule must get the same
  // object, or the controller, the importer and the cron would exist twice.
  private static readonly instances = new Map<boolean, DynamicModule>();

  static register(options: { schedule: boolean }): DynamicModule {
    let module = this.instances.get(options.schedule);
    if (!module) {
      module = {
        module: ExchangeRatesModule,
        controllers: [ExchangeRatesController],
        providers: [ExchangeRates, ExchangeRatesImporter, ...(options.schedule ? [ExchangeRatesScheduler] : [])],
        exports: [ExchangeRates, ExchangeRatesImporter],
      };
      this.instances.set(options.schedule, module);
    }
    return module;
  }
}
