import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert rules get the currency of their budget. The rules there are were written in US dollars (every
 * report was), so they keep meaning what they meant; a new rule left empty follows its workspace's
 * currency, or REPORT_CURRENCY over all workspaces.
 */
export class AlertRuleCurrency1796800000000 implements MigrationInterface {
  name = 'AlertRuleCurrency1796800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert_rules" ADD "currency" character(3)`);
    await q.query(`UPDATE "alert_rules" SET "currency" = 'USD'`);
    await q.query(`ALTER TABLE "alert_rules" ADD CONSTRAINT "CHK_alert_rules_currency" CHECK (currency ~ '^[A-Z]{3}$')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert_rules" DROP CONSTRAINT "CHK_alert_rules_currency"`);
    await q.query(`ALTER TABLE "alert_rules" DROP COLUMN "currency"`);
  }
}
