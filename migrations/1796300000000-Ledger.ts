import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Ledger1796300000000 implements MigrationInterface {
  name = 'Ledger1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TYPE \"public\".\"ledger_status\" AS ENUM('reconciled', 'pending', 'drift')");
    await q.query("CREATE TABLE \"twilio_ledger_days\" (\"account_sid\" character varying(34) NOT NULL, \"day\" date NOT NULL, \"status\" \"public\".\"ledger_status\" NOT NULL, \"unexplained\" numeric(18,6) NOT NULL, \"twilio_cost\" numeric(22,10) NOT NULL, \"checked_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"listed_at\" TIMESTAMP WITH TIME ZONE, \"listed_twilio_cost\" numeric(22,10), CONSTRAINT \"PK_6d5e29dbf7b398cb0027598784e\" PRIMARY KEY (\"account_sid\", \"day\"))");
    await q.query("CREATE INDEX \"IDX_twilio_ledger_days_status\" ON \"twilio_ledger_days\" (\"status\", \"day\") ");
    await q.query("CREATE TABLE \"twilio_unclaimed_legs\" (\"sid\" character varying(34) NOT NULL, \"account_sid\" character varying(34) NOT NULL, \"day\" date NOT NULL, \"number\" character varying(32) NOT NULL, \"parent_call_sid\" character varying(34), \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"duration_seconds\" integer NOT NULL DEFAULT '0', \"cost\" numeric(22,10), \"price_unit\" character(3), \"synced_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_982a5cdb9c36955f9cd4d97bff7\" PRIMARY KEY (\"sid\"))");
    await q.query("CREATE INDEX \"IDX_twilio_unclaimed_legs_account_day\" ON \"twilio_unclaimed_legs\" (\"account_sid\", \"day\") ");
    await q.query("ALTER TABLE \"calls\" ADD \"twilio_price_checked_at\" TIMESTAMP WITH TIME ZONE");
    await q.query("ALTER TABLE \"calls\" ADD \"twilio_gone_at\" TIMESTAMP WITH TIME ZONE");
    await q.query("ALTER TABLE \"calls\" ADD \"elevenlabs_checked_at\" TIMESTAMP WITH TIME ZONE");
    await q.query("ALTER TABLE \"calls\" ADD \"elevenlabs_gone_at\" TIMESTAMP WITH TIME ZONE");
    await q.query("ALTER TABLE \"twilio_child_legs\" ADD \"price_checked_at\" TIMESTAMP WITH TIME ZONE");
    await q.query("ALTER TABLE \"twilio_child_legs\" ADD \"gone_at\" TIMESTAMP WITH TIME ZONE");
    await q.query("ALTER TYPE \"public\".\"alert_kind\" RENAME TO \"alert_kind_old\"");
    await q.query("CREATE TYPE \"public\".\"alert_kind\" AS ENUM('threshold', 'forecast', 'spike', 'unit_cost', 'ledger_drift')");
    await q.query("ALTER TABLE \"alert_rules\" ALTER COLUMN \"kind\" DROP DEFAULT");
    await q.query("ALTER TABLE \"alert_rules\" ALTER COLUMN \"kind\" TYPE \"public\".\"alert_kind\" USING \"kind\"::\"text\"::\"public\".\"alert_kind\"");
    await q.query("ALTER TABLE \"alert_rules\" ALTER COLUMN \"kind\" SET DEFAULT 'threshold'");
    await q.query("DROP TYPE \"public\".\"alert_kind_old\"");
    // Widened in place (the generator would drop and re-add the column, losing every alert's period).
    await q.query("ALTER TABLE \"alert_events\" ALTER COLUMN \"period_key\" TYPE character varying(64)");
  }

  async down(q: QueryRunner): Promise<void> {
    // Ledger-drift keys (account SID and day) do not fit the old width; those rules go with the kind.
    await q.query("DELETE FROM \"alert_rules\" WHERE \"kind\" = 'ledger_drift'");
    await q.query("ALTER TABLE \"alert_events\" ALTER COLUMN \"period_key\" TYPE character varying(32)");
    await q.query("CREATE TYPE \"public\".\"alert_kind_old\" AS ENUM('threshold', 'forecast', 'spike', 'unit_cost')");
    await q.query("ALTER TABLE \"alert_rules\" ALTER COLUMN \"kind\" DROP DEFAULT");
    await q.query("ALTER TABLE \"alert_rules\" ALTER COLUMN \"kind\" TYPE \"public\".\"alert_kind_old\" USING \"kind\"::\"text\"::\"public\".\"alert_kind_old\"");
    await q.query("ALTER TABLE \"alert_rules\" ALTER COLUMN \"kind\" SET DEFAULT 'threshold'");
    await q.query("DROP TYPE \"public\".\"alert_kind\"");
    await q.query("ALTER TYPE \"public\".\"alert_kind_old\" RENAME TO \"alert_kind\"");
    await q.query("ALTER TABLE \"twilio_child_legs\" DROP COLUMN \"gone_at\"");
    await q.query("ALTER TABLE \"twilio_child_legs\" DROP COLUMN \"price_checked_at\"");
    await q.query("ALTER TABLE \"calls\" DROP COLUMN \"elevenlabs_gone_at\"");
    await q.query("ALTER TABLE \"calls\" DROP COLUMN \"elevenlabs_checked_at\"");
    await q.query("ALTER TABLE \"calls\" DROP COLUMN \"twilio_gone_at\"");
    await q.query("ALTER TABLE \"calls\" DROP COLUMN \"twilio_price_checked_at\"");
    await q.query("DROP INDEX \"public\".\"IDX_twilio_unclaimed_legs_account_day\"");
    await q.query("DROP TABLE \"twilio_unclaimed_legs\"");
    await q.query("DROP INDEX \"public\".\"IDX_twilio_ledger_days_status\"");
    await q.query("DROP TABLE \"twilio_ledger_days\"");
    await q.query("DROP TYPE \"public\".\"ledger_status\"");
  }
}
