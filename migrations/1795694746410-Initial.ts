import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795694746410 implements MigrationInterface {
  name = 'Initial1795694746410';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TYPE \"public\".\"admin_role\" AS ENUM('admin', 'viewer')");
    await q.query("CREATE TABLE \"admin_users\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"email\" character varying(254) NOT NULL, \"password_hash\" text NOT NULL, \"role\" \"public\".\"admin_role\" NOT NULL DEFAULT 'viewer', \"last_login_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_06744d221bb6145dc61e5dc441d\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"UQ_admin_users_email\" ON \"admin_users\" (\"email\") ");
    await q.query("CREATE TABLE \"workspaces\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(200) NOT NULL, \"slug\" character varying(64) NOT NULL, \"elevenlabs_api_key_encrypted\" text, \"elevenlabs_agent_ids\" text array NOT NULL DEFAULT '{}', \"twilio_phone_numbers\" text array NOT NULL DEFAULT '{}', \"twilio_account_sid\" character varying(34), \"twilio_auth_token_encrypted\" text, \"currency\" character(3) NOT NULL DEFAULT 'USD', \"client_price_per_minute\" numeric(18,6), \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"CHK_workspaces_currency\" CHECK (currency ~ '^[A-Z]{3}$'), CONSTRAINT \"PK_098656ae401f3e1a4586f47fd8e\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"UQ_workspaces_slug\" ON \"workspaces\" (\"slug\") ");
    await q.query("CREATE TYPE \"public\".\"alert_kind\" AS ENUM('threshold', 'forecast', 'spike', 'unit_cost')");
    await q.query("CREATE TYPE \"public\".\"alert_metric\" AS ENUM('total_cost', 'twilio_cost', 'elevenlabs_cost', 'calls', 'minutes', 'cost_per_minute')");
    await q.query("CREATE TYPE \"public\".\"alert_period\" AS ENUM('day', 'week', 'month')");
    await q.query("CREATE TABLE \"alert_rules\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(200) NOT NULL, \"workspace_id\" uuid, \"kind\" \"public\".\"alert_kind\" NOT NULL DEFAULT 'threshold', \"metric\" \"public\".\"alert_metric\" NOT NULL DEFAULT 'total_cost', \"period\" \"public\".\"alert_period\" NOT NULL DEFAULT 'month', \"budget\" numeric(18,6), \"tiers\" integer array NOT NULL DEFAULT '{100}', \"spike_multiplier\" numeric(8,3), \"drift_percent\" numeric(8,3), \"slack_channel\" character varying(80) NOT NULL, \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_ae580564f087ffab9d229225aec\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE TYPE \"public\".\"alert_event_status\" AS ENUM('pending', 'sent')");
    await q.query("CREATE TABLE \"alert_events\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"rule_id\" uuid NOT NULL, \"period_key\" character varying(32) NOT NULL, \"tier\" integer NOT NULL DEFAULT '0', \"status\" \"public\".\"alert_event_status\" NOT NULL DEFAULT 'pending', \"value\" numeric(18,6) NOT NULL, \"threshold\" numeric(18,6) NOT NULL, \"message\" text, \"attempts\" integer NOT NULL DEFAULT '0', \"sent_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_f8dd833a0534d3a01e8d01e3bca\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"UQ_alert_events_rule_period_tier\" ON \"alert_events\" (\"rule_id\", \"period_key\", \"tier\") ");
    await q.query("CREATE TYPE \"public\".\"call_direction\" AS ENUM('inbound', 'outbound', 'web', 'unknown')");
    await q.query("CREATE TABLE \"calls\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"twilio_call_sid\" character varying(34), \"elevenlabs_conversation_id\" character varying(64), \"workspace_id\" uuid NOT NULL, \"agent_id\" character varying(64), \"direction\" \"public\".\"call_direction\" NOT NULL DEFAULT 'unknown', \"from_number\" character varying(32), \"to_number\" character varying(32), \"status\" character varying(32), \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"duration_seconds\" integer NOT NULL DEFAULT '0', \"twilio_cost\" numeric(18,6), \"twilio_price_unit\" character(3), \"twilio_price_final\" boolean NOT NULL DEFAULT false, \"elevenlabs_credits\" numeric(18,4), \"elevenlabs_charging\" jsonb, \"elevenlabs_cost\" numeric(18,6), \"elevenlabs_currency\" character(3), \"elevenlabs_cost_estimated\" boolean NOT NULL DEFAULT false, \"termination_reason\" character varying(64), \"last_synced_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_d9171d91f8dd1a649659f1b6a20\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"UQ_calls_twilio_call_sid\" ON \"calls\" (\"twilio_call_sid\") ");
    await q.query("CREATE UNIQUE INDEX \"UQ_calls_elevenlabs_conversation_id\" ON \"calls\" (\"elevenlabs_conversation_id\") ");
    await q.query("CREATE INDEX \"IDX_calls_price_pending\" ON \"calls\" (\"started_at\") WHERE twilio_call_sid IS NOT NULL AND twilio_price_final = false");
    await q.query("CREATE INDEX \"IDX_calls_started\" ON \"calls\" (\"started_at\") ");
    await q.query("CREATE INDEX \"IDX_calls_workspace_started\" ON \"calls\" (\"workspace_id\", \"started_at\") ");
    await q.query("CREATE TABLE \"credit_rates\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"workspace_id\" uuid, \"effective_from\" date NOT NULL, \"price_per_credit\" numeric(18,10) NOT NULL, \"currency\" character(3) NOT NULL DEFAULT 'USD', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_f588c0ac59ba6429723045170c0\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"UQ_credit_rates_workspace_from\" ON \"credit_rates\" (\"workspace_id\", \"effective_from\") WHERE workspace_id IS NOT NULL");
    await q.query("CREATE UNIQUE INDEX \"UQ_credit_rates_global_from\" ON \"credit_rates\" (\"effective_from\") WHERE workspace_id IS NULL");
    await q.query("CREATE TYPE \"public\".\"sync_trigger\" AS ENUM('schedule', 'api', 'cli', 'admin')");
    await q.query("CREATE TYPE \"public\".\"sync_status\" AS ENUM('running', 'succeeded', 'partial', 'failed')");
    await q.query("CREATE TABLE \"sync_runs\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"trigger\" \"public\".\"sync_trigger\" NOT NULL, \"status\" \"public\".\"sync_status\" NOT NULL DEFAULT 'running', \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"finished_at\" TIMESTAMP WITH TIME ZONE, \"error\" text, CONSTRAINT \"PK_adf13fff41a683b3b991fb90b11\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_sync_runs_started\" ON \"sync_runs\" (\"started_at\") ");
    await q.query("CREATE TABLE \"snapshots\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"sync_run_id\" uuid NOT NULL, \"workspace_id\" uuid NOT NULL, \"taken_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"calls\" integer NOT NULL, \"minutes\" numeric(18,4) NOT NULL, \"twilio_cost\" numeric(18,6) NOT NULL, \"elevenlabs_cost\" numeric(18,6) NOT NULL, \"total_cost\" numeric(18,6) NOT NULL, \"currency\" character(3) NOT NULL DEFAULT 'USD', \"unpriced_calls\" integer NOT NULL DEFAULT '0', \"estimated_calls\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_f5661b5fd4224d23e26a631986b\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_snapshots_workspace_taken\" ON \"snapshots\" (\"workspace_id\", \"taken_at\") ");
    await q.query("CREATE UNIQUE INDEX \"UQ_snapshots_run_workspace\" ON \"snapshots\" (\"sync_run_id\", \"workspace_id\") ");
    await q.query("CREATE TYPE \"public\".\"sync_source\" AS ENUM('twilio', 'elevenlabs', 'twilio_usage')");
    await q.query("CREATE TYPE \"public\".\"sync_source_status\" AS ENUM('running', 'succeeded', 'partial', 'failed')");
    await q.query("CREATE TABLE \"sync_run_sources\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"sync_run_id\" uuid NOT NULL, \"workspace_id\" uuid, \"source\" \"public\".\"sync_source\" NOT NULL, \"status\" \"public\".\"sync_source_status\" NOT NULL DEFAULT 'running', \"pages\" integer NOT NULL DEFAULT '0', \"rows\" integer NOT NULL DEFAULT '0', \"errors\" integer NOT NULL DEFAULT '0', \"last_error\" text, \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"finished_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_b5451abf6dd388b308dc7b4ef84\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"UQ_sync_run_sources_run_ws_source\" ON \"sync_run_sources\" (\"sync_run_id\", \"workspace_id\", \"source\") ");
    await q.query("ALTER TABLE \"alert_rules\" ADD CONSTRAINT \"FK_09373d450c2357f66254e6d11c7\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspaces\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"alert_events\" ADD CONSTRAINT \"FK_4dcf17dcbb43a989b7c8ab0b395\" FOREIGN KEY (\"rule_id\") REFERENCES \"alert_rules\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"calls\" ADD CONSTRAINT \"FK_70c52886fb56ee278ae1871a889\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspaces\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"credit_rates\" ADD CONSTRAINT \"FK_e5ebdfa653e1c88b84f16b7e124\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspaces\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"snapshots\" ADD CONSTRAINT \"FK_132ccf39abfc38090ef639bdb19\" FOREIGN KEY (\"sync_run_id\") REFERENCES \"sync_runs\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"snapshots\" ADD CONSTRAINT \"FK_228fe47d1acfcb415c911dbcfd1\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspaces\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"sync_run_sources\" ADD CONSTRAINT \"FK_9d6bb627ea34d691339343ad9cc\" FOREIGN KEY (\"sync_run_id\") REFERENCES \"sync_runs\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"sync_run_sources\" ADD CONSTRAINT \"FK_3d79638794971e9852446922bb0\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspaces\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"sync_run_sources\" DROP CONSTRAINT \"FK_3d79638794971e9852446922bb0\"");
    await q.query("ALTER TABLE \"sync_run_sources\" DROP CONSTRAINT \"FK_9d6bb627ea34d691339343ad9cc\"");
    await q.query("ALTER TABLE \"snapshots\" DROP CONSTRAINT \"FK_228fe47d1acfcb415c911dbcfd1\"");
    await q.query("ALTER TABLE \"snapshots\" DROP CONSTRAINT \"FK_132ccf39abfc38090ef639bdb19\"");
    await q.query("ALTER TABLE \"credit_rates\" DROP CONSTRAINT \"FK_e5ebdfa653e1c88b84f16b7e124\"");
    await q.query("ALTER TABLE \"calls\" DROP CONSTRAINT \"FK_70c52886fb56ee278ae1871a889\"");
    await q.query("ALTER TABLE \"alert_events\" DROP CONSTRAINT \"FK_4dcf17dcbb43a989b7c8ab0b395\"");
    await q.query("ALTER TABLE \"alert_rules\" DROP CONSTRAINT \"FK_09373d450c2357f66254e6d11c7\"");
    await q.query("DROP INDEX \"public\".\"UQ_sync_run_sources_run_ws_source\"");
    await q.query("DROP TABLE \"sync_run_sources\"");
    await q.query("DROP TYPE \"public\".\"sync_source_status\"");
    await q.query("DROP TYPE \"public\".\"sync_source\"");
    await q.query("DROP INDEX \"public\".\"UQ_snapshots_run_workspace\"");
    await q.query("DROP INDEX \"public\".\"IDX_snapshots_workspace_taken\"");
    await q.query("DROP TABLE \"snapshots\"");
    await q.query("DROP INDEX \"public\".\"IDX_sync_runs_started\"");
    await q.query("DROP TABLE \"sync_runs\"");
    await q.query("DROP TYPE \"public\".\"sync_status\"");
    await q.query("DROP TYPE \"public\".\"sync_trigger\"");
    await q.query("DROP INDEX \"public\".\"UQ_credit_rates_global_from\"");
    await q.query("DROP INDEX \"public\".\"UQ_credit_rates_workspace_from\"");
    await q.query("DROP TABLE \"credit_rates\"");
    await q.query("DROP INDEX \"public\".\"IDX_calls_workspace_started\"");
    await q.query("DROP INDEX \"public\".\"IDX_calls_started\"");
    await q.query("DROP INDEX \"public\".\"IDX_calls_price_pending\"");
    await q.query("DROP INDEX \"public\".\"UQ_calls_elevenlabs_conversation_id\"");
    await q.query("DROP INDEX \"public\".\"UQ_calls_twilio_call_sid\"");
    await q.query("DROP TABLE \"calls\"");
    await q.query("DROP TYPE \"public\".\"call_direction\"");
    await q.query("DROP INDEX \"public\".\"UQ_alert_events_rule_period_tier\"");
    await q.query("DROP TABLE \"alert_events\"");
    await q.query("DROP TYPE \"public\".\"alert_event_status\"");
    await q.query("DROP TABLE \"alert_rules\"");
    await q.query("DROP TYPE \"public\".\"alert_period\"");
    await q.query("DROP TYPE \"public\".\"alert_metric\"");
    await q.query("DROP TYPE \"public\".\"alert_kind\"");
    await q.query("DROP INDEX \"public\".\"UQ_workspaces_slug\"");
    await q.query("DROP TABLE \"workspaces\"");
    await q.query("DROP INDEX \"public\".\"UQ_admin_users_email\"");
    await q.query("DROP TABLE \"admin_users\"");
    await q.query("DROP TYPE \"public\".\"admin_role\"");
  }
}
