import { type DynamicModule, Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { AlertsModule } from './alerts/alerts.module.js';
import { ClockModule } from './common/clock.js';
import { StrictValidationPipe } from './common/strict-validation.pipe.js';
import { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ExchangeRatesModule } from './exchange-rates/exchange-rates.module.js';
import { HealthModule } from './health/health.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { ReportingModule } from './reporting/reporting.module.js';
import { SlackModule } from './slack/slack.module.js';
import { SyncModule } from './sync/sync.module.js';
import { WorkspacesModule } from './workspaces/workspaces.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Run cron jobs in this process (the server); off for CLIs. Default true. */
  schedule?: boolean;
  /** Serves HTTP, so the admin panel can mount on it; off for CLIs (no server). Default true. */
  http?: boolean;
}

@Module({})
export class AppModule {
  static register({ config, databaseUrl, schedule = true, http = true }: AppModuleOptions): DynamicModule {
    // One SyncModule instance, shared with the panel's Sync now.
    const sync = SyncModule.register({ schedule });
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ClockModule,
        LoggingModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl),
        HealthModule,
        WorkspacesModule,
        sync,
        ReportingModule,
        ExchangeRatesModule.register({ schedule }),
        SlackModule,
        AlertsModule.register({ sync, schedule }),
        // Imported only when served: AdminJS (with its bundler) costs ~75 MB of memory at load.
        ...(http && config.admin.enabled ? [import('./admin/admin.module.js').then((m) => m.AdminPanelModule.register({ sync }))] : []),
      ],
      providers: [
        // Unknown fields refused, plus NUL bytes, `__proto__` and deep nesting anywhere in a body or query.
        { provide: APP_PIPE, useValue: new StrictValidationPipe() },
      ],
    };
  }
}
