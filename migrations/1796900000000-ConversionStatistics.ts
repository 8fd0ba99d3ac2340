import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports convert money per UTC day and billing currency (report-conversion.ts), so a report read from
 * the calls themselves (a filter, a half-hour zone, the agents report) groups them by those
 * expressions. Without statistics on them PostgreSQL guessed a group per call, sorted 90,000 calls
 * on disk instead of hashing them and gave up its parallel workers: the filtered month summary took
 * 360 ms instead of 250 ms on a million calls. ANALYZE keeps these current like any column's.
 */
export class ConversionStatistics1796900000000 implements MigrationInterface {
  name = 'ConversionStatistics1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE STATISTICS "STAT_calls_utc_day" ON ((started_at AT TIME ZONE 'UTC')::date) FROM calls`);
    await q.query(`CREATE STATISTICS "STAT_calls_billing_currencies" ON COALESCE(twilio_price_unit, 'USD'::bpchar), COALESCE(elevenlabs_currency, 'USD'::bpchar) FROM calls`);
    await q.query('ANALYZE calls');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP STATISTICS "STAT_calls_billing_currencies"');
    await q.query('DROP STATISTICS "STAT_calls_utc_day"');
  }
}
