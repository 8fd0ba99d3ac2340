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
  static register(options: { schedule: boolean }): DynamicModule {
    return {
      module: ExchangeRatesModule,
      global: false,
      controllers: [ExchangeRatesController],
      providers: [ExchangeRates, ExchangeRatesImporter, ...(options.schedule ? [ExchangeRatesScheduler] : [])],
      exports: [ExchangeRates, ExchangeRatesImporter],
    };
  }
}
