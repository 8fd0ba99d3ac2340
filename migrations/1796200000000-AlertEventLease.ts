import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts are claimed with a lease and posted to Slack after the claim commits, instead of inside the
 * claiming transaction; `claimed_until` is that lease, `last_error` why Slack refused the last try.
 */
export class AlertEventLease1796200000000 implements MigrationInterface {
  name = 'AlertEventLease1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert_events" ADD "claimed_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "alert_events" ADD "last_error" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert_events" DROP COLUMN "last_error"`);
    await q.query(`ALTER TABLE "alert_events" DROP COLUMN "claimed_until"`);
  }
}
