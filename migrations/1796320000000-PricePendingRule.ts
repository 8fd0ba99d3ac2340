import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pending-price index spelt the reports' "unpriced" rule differently (twilio_call_sid instead of
 * twilio_synced_at), so the lookups written with the rule could not use it. TypeORM does not compare
 * index predicates, hence by hand.
 */
export class PricePendingRule1796320000000 implements MigrationInterface {
  name = 'PricePendingRule1796320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."IDX_calls_price_pending"');
    await q.query('CREATE INDEX "IDX_calls_price_pending" ON "calls" ("started_at") WHERE twilio_synced_at IS NOT NULL AND NOT twilio_price_final');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."IDX_calls_price_pending"');
    await q.query('CREATE INDEX "IDX_calls_price_pending" ON "calls" ("started_at") WHERE twilio_call_sid IS NOT NULL AND twilio_price_final = false');
  }
}
