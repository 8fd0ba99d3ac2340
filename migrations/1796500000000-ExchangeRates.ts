import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ExchangeRates1796500000000 implements MigrationInterface {
  name = 'ExchangeRates1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TYPE \"public\".\"exchange_rate_source\" AS ENUM('ecb', 'manual')");
    await q.query("CREATE TABLE \"exchange_rates\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"currency\" character(3) NOT NULL, \"day\" date NOT NULL, \"source\" \"public\".\"exchange_rate_source\" NOT NULL, \"eur_rate\" numeric(18,8) NOT NULL, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_33a614bad9e61956079d817ebe2\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"UQ_exchange_rates_currency_day_source\" ON \"exchange_rates\" (\"currency\", \"day\", \"source\") ");
    // Adding a value keeps sync_run_sources as it is (no table rewrite); the new value is not used in this transaction.
    await q.query("ALTER TYPE \"public\".\"sync_source\" ADD VALUE IF NOT EXISTS 'ecb_rates'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM \"sync_run_sources\" WHERE \"source\" = 'ecb_rates'");
    await q.query("DROP INDEX \"public\".\"UQ_sync_run_sources_run_ws_source\"");
    await q.query("CREATE TYPE \"public\".\"sync_source_old\" AS ENUM('twilio', 'elevenlabs', 'twilio_usage')");
    await q.query("ALTER TABLE \"sync_run_sources\" ALTER COLUMN \"source\" TYPE \"public\".\"sync_source_old\" USING \"source\"::\"text\"::\"public\".\"sync_source_old\"");
    await q.query("DROP TYPE \"public\".\"sync_source\"");
    await q.query("ALTER TYPE \"public\".\"sync_source_old\" RENAME TO \"sync_source\"");
    await q.query("CREATE UNIQUE INDEX \"UQ_sync_run_sources_run_ws_source\" ON \"sync_run_sources\" (\"sync_run_id\", \"workspace_id\", \"source\") ");
    await q.query("DROP INDEX \"public\".\"UQ_exchange_rates_currency_day_source\"");
    await q.query("DROP TABLE \"exchange_rates\"");
    await q.query("DROP TYPE \"public\".\"exchange_rate_source\"");
  }
}
