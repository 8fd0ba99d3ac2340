import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ElevenlabsModule } from '../elevenlabs/elevenlabs.module.js';
import { ExchangeRatesModule } from '../exchange-rates/exchange-rates.module.js';
import { ReportingModule } from '../reporting/reporting.module.js';
import { SyncRun, SyncRunSource } from '../entities/index.js';
import { TwilioModule } from '../twilio/twilio.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { CallStore } from './call-store.repository.js';
import { ConversationRevisits } from './conversation-revisits.js';
import { LedgerRepository } from './ledger.repository.js';
import { TwilioLedger } from './twilio-ledger.js';
import { RevisitRepository } from './revisit.repository.js';
import { TwilioRevisits } from './twilio-revisits.js';
import { ElevenlabsConversationsSyncer } from './elevenlabs-conversations.syncer.js';
import { ElevenlabsUsageSyncer } from './elevenlabs-usage.syncer.js';
import { SyncEvents } from './sync-events.js';
import { SyncStateRepository } from './sync-state.repository.js';
import { SyncController } from './sync.controller.js';
import { SyncScheduler } from './sync.scheduler.js';
import { SyncService } from './sync.service.js';
import { TwilioCallsSyncer } from './twilio-calls.syncer.js';
import { TwilioUsageSyncer } from './twilio-usage.syncer.js';

@Module({})
export class SyncModule {
  /** `schedule: false` for the CLI and one-shot contexts, which must not start the cron. */
  static register(options: { schedule: boolean }): DynamicModule {
    return {
      module: SyncModule,
      imports: [
        TypeOrmModule.forFeature([SyncRun, SyncRunSource]),
        TwilioModule,
        ElevenlabsModule,
        WorkspacesModule,
        ReportingModule,
        ExchangeRatesModule.register({ schedule: options.schedule }),
        ...(options.schedule ? [ScheduleModule.forRoot()] : []),
      ],
      controllers: [SyncController],
      providers: [
        SyncService,
        CallStore,
        SyncStateRepository,
        SyncEvents,
        TwilioCallsSyncer,
        ElevenlabsConversationsSyncer,
        TwilioUsageSyncer,
        RevisitRepository,
        LedgerRepository,
        TwilioLedger,
        TwilioRevisits,
        ConversationRevisits,
        ElevenlabsUsageSyncer,
        ...(options.schedule ? [SyncScheduler] : []),
      ],
      exports: [SyncService, SyncEvents],
    };
  }
}
