import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../config/app-config.js';
import { SyncTrigger } from '../entities/index.js';
import { SyncAlreadyRunningError, SyncService } from './sync.service.js';

/** Thin cron: SYNC_CRON starts a sync; the service's advisory lock keeps it to one across replicas. */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('SyncScheduler');

  constructor(
    private readonly sync: SyncService,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.sync.enabled) {
      this.logger.log('scheduled sync is off (SYNC_ENABLED=false)');
      return;
    }
    const job = CronJob.from({ cronTime: this.config.sync.cron, onTick: () => this.tick(), timeZone: 'UTC' });
    this.registry.addCronJob('sync', job);
    job.start();
    this.logger.log(`scheduled sync: ${this.config.sync.cron} (UTC)`);
  }

  private async tick(): Promise<void> {
    try {
      await this.sync.start(SyncTrigger.Schedule);
    } catch (err) {
      if (err instanceof SyncAlreadyRunningError) this.logger.log(`skipped: sync ${err.runId} is still running`);
      else this.logger.error(`scheduled sync did not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
