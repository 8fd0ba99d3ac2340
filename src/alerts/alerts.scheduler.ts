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
 * The digest's own advisory lock (beside LOCKS.alerts), so that an hourly alert tick falling on the
 * digest's minute cannot make it skip a week.
 */
const DIGEST_LOCK = LOCKS.alerts + 1_000;
/**
 * The digest has no row to make it once-only: its lock is held at least this long, so a replica whose
 * clock ticks a little later finds it taken instead of posting a second digest.
 */
const DIGEST_MIN_HOLD_MS = 60_000;

/**
 * Thin crons: ALERTS_CRON evaluates the rules, SLACK_DIGEST_CRON posts the digest. Each takes an
 * advisory lock so that replicas ticking together do the work once (alerts would still send once
 * without it, thanks to their event rows).
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
      this.schedule('alerts', this.config.alerts.cron, 'UTC', LOCKS.alerts, 0, () => this.alerts.evaluate());
    }
    if (this.digest.enabled) {
      this.schedule('slack-digest', this.config.slack.digestCron, this.config.reporting.timezone, DIGEST_LOCK, DIGEST_MIN_HOLD_MS, () => this.digest.post());
    }
  }

  private schedule(name: string, cronTime: string, timeZone: string, key: number, minHoldMs: number, work: () => Promise<unknown>): void {
    const job = CronJob.from({ cronTime, timeZone, onTick: () => this.tick(name, key, minHoldMs, work) });
    this.registry.addCronJob(name, job);
    job.start();
    this.logger.log(`scheduled ${name}: ${cronTime} (${timeZone})`);
  }

  private async tick(name: string, key: number, minHoldMs: number, work: () => Promise<unknown>): Promise<void> {
    const started = Date.now();
    const lock = await tryAdvisoryLock(this.ds, key).catch(() => null);
    if (!lock) {
      this.logger.log(`${name}: skipped, another process is doing it`);
      return;
    }
    try {
      await work();
    } catch (err) {
      this.logger.error(`${name} failed: ${describeError(err)}`);
    } finally {
      const hold = minHoldMs - (Date.now() - started);
      if (hold > 0) await new Promise((r) => setTimeout(r, hold).unref());
      await lock.release().catch(() => undefined);
    }
  }
}
