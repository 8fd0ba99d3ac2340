import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { DataSource } from 'typeorm';
import { describeError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { LOCKS, tryAdvisoryLock } from '../database/advisory-lock.js';
import { AlertsService } from './alerts.service.js';
import { DigestService } from './digest.service.js';

/**
 * Thin crons: ALERTS_CRON evaluates the rules, SLACK_DIGEST_CRON posts the digest. Each takes the
 * alerts advisory lock so that replicas ticking together do the work once (alerts would still send
 * once without it, thanks to their event rows; the digest has no such row).
 */
@Injectable()
export class AlertsScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('AlertsScheduler');

  constructor(
    private readonly alerts: AlertsService,
    private readonly digest: DigestService,
    private readonly registry: SchedulerRegistry,
    private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.alerts.enabled) {
      this.schedule('alerts', this.config.alerts.cron, 'UTC', () => this.alerts.evaluate());
    }
    if (this.digest.enabled) {
      this.schedule('slack-digest', this.config.slack.digestCron, this.config.reporting.timezone, () => this.digest.post());
    }
  }

  private schedule(name: string, cronTime: string, timeZone: string, work: () => Promise<unknown>): void {
    const job = CronJob.from({ cronTime, timeZone, onTick: () => this.tick(name, work) });
    this.registry.addCronJob(name, job);
    job.start();
    this.logger.log(`scheduled ${name}: ${cronTime} (${timeZone})`);
  }

  private async tick(name: string, work: () => Promise<unknown>): Promise<void> {
    const lock = await tryAdvisoryLock(this.ds, LOCKS.alerts).catch(() => null);
    if (!lock) {
      this.logger.log(`${name}: skipped, another process holds the alerts lock`);
      return;
    }
    try {
      await work();
    } catch (err) {
      this.logger.error(`${name} failed: ${describeError(err)}`);
    } finally {
      await lock.release().catch(() => undefined);
    }
  }
}
