import { type DynamicModule, Module } from '@nestjs/common';
import { ReportingModule } from '../reporting/reporting.module.js';
import { SlackModule } from '../slack/slack.module.js';
import { AlertClaims } from './alert-claims.js';
import { AlertEvaluator } from './alert-evaluator.js';
import { AlertsScheduler } from './alerts.scheduler.js';
import { AlertsService } from './alerts.service.js';
import { DigestService } from './digest.service.js';
import { LedgerDriftAlerts } from './ledger-drift.js';

@Module({})
export class AlertsModule {
  /** `sync`: the app's one SyncModule instance, for the after-sync hook; `schedule: false` for CLIs. */
  static register(options: { sync: DynamicModule; schedule: boolean }): DynamicModule {
    return {
      module: AlertsModule,
      imports: [options.sync, ReportingModule, SlackModule],
      providers: [AlertEvaluator, LedgerDriftAlerts, AlertClaims, AlertsService, DigestService, ...(options.schedule ? [AlertsScheduler] : [])],
      exports: [AlertsService, DigestService],
    };
  }
}
