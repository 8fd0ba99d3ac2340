import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What one set of call rows adds to the hourly rollups; `sign` -1 takes old rows away. */
const delta = (rows: string, sign: 1 | -1) => `
  SELECT workspace_id, date_trunc('hour', started_at, 'UTC') AS hour,
         ${sign} * count(*) AS calls, ${sign} * COALESCE(sum(duration_seconds), 0) AS seconds,
         ${sign} * COALESCE(sum(twilio_cost), 0) AS twilio_cost, ${sign} * COALESCE(sum(elevenlabs_cost), 0) AS elevenlabs_cost,
         ${sign} * COALESCE(sum(elevenlabs_credits), 0) AS elevenlabs_credits,
         ${sign} * count(*) FILTER (WHERE twilio_synced_at IS NOT NULL AND NOT twilio_price_final) AS unpriced_calls,
         ${sign} * count(*) FILTER (WHERE elevenlabs_cost_estimated) AS estimated_calls
    FROM ${rows} GROUP BY 1, 2`;

/** Adds the deltas into the rollups, in key order so concurrent statements lock rows alike. */
const apply = (deltas: string) => `
  INSERT INTO call_hourly_rollups AS r (workspace_id, hour, calls, seconds, twilio_cost, elevenlabs_cost,
                                        elevenlabs_credits, unpriced_calls, estimated_calls)
  SELECT workspace_id, hour, sum(calls), sum(seconds), sum(twilio_cost), sum(elevenlabs_cost), sum(elevenlabs_credits),
         sum(unpriced_calls), sum(estimated_calls)
    FROM (${deltas}) d GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (workspace_id, hour) DO UPDATE SET
    calls = r.calls + EXCLUDED.calls, seconds = r.seconds + EXCLUDED.seconds,
    twilio_cost = r.twilio_cost + EXCLUDED.twilio_cost, elevenlabs_cost = r.elevenlabs_cost + EXCLUDED.elevenlabs_cost,
    elevenlabs_credits = r.elevenlabs_credits + EXCLUDED.elevenlabs_credits,
    unpriced_calls = r.unpriced_calls + EXCLUDED.unpriced_calls, estimated_calls = r.estimated_calls + EXCLUDED.estimated_calls`;

export class CallRollups1795697739693 implements MigrationInterface {
  name = 'CallRollups1795697739693';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"call_hourly_rollups\" (\"workspace_id\" uuid NOT NULL, \"hour\" TIMESTAMP WITH TIME ZONE NOT NULL, \"calls\" integer NOT NULL DEFAULT '0', \"seconds\" bigint NOT NULL DEFAULT '0', \"twilio_cost\" numeric(22,10) NOT NULL DEFAULT '0', \"elevenlabs_cost\" numeric(22,10) NOT NULL DEFAULT '0', \"elevenlabs_credits\" numeric(22,4) NOT NULL DEFAULT '0', \"unpriced_calls\" integer NOT NULL DEFAULT '0', \"estimated_calls\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_fa061d2fa1d36138b99c048b686\" PRIMARY KEY (\"workspace_id\", \"hour\"))");
    await q.query("CREATE INDEX \"IDX_call_hourly_rollups_hour\" ON \"call_hourly_rollups\" (\"hour\") ");
    // Statement-level triggers with transition tables: one rollup upsert per statement, however
    // many calls it wrote, inside the same transaction as the calls themselves.
    await q.query(`CREATE FUNCTION call_rollups_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${apply(delta('new_rows', 1))}; RETURN NULL; END $$`);
    await q.query(`CREATE FUNCTION call_rollups_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${apply(`${delta('new_rows', 1)} UNION ALL ${delta('old_rows', -1)}`)}; RETURN NULL; END $$`);
    await q.query(`CREATE FUNCTION call_rollups_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${apply(delta('old_rows', -1))}; RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER calls_rollup_insert AFTER INSERT ON calls REFERENCING NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION call_rollups_on_insert()`);
    await q.query(`CREATE TRIGGER calls_rollup_update AFTER UPDATE ON calls REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION call_rollups_on_update()`);
    await q.query(`CREATE TRIGGER calls_rollup_delete AFTER DELETE ON calls REFERENCING OLD TABLE AS old_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION call_rollups_on_delete()`);
    // TRUNCATE has no transition table: it empties the rollups too.
    await q.query(`CREATE FUNCTION call_rollups_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN TRUNCATE call_hourly_rollups; RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER calls_rollup_truncate AFTER TRUNCATE ON calls FOR EACH STATEMENT EXECUTE FUNCTION call_rollups_on_truncate()`);
    // Calls already stored before this migration.
    await q.query(apply(delta('calls', 1)));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete', 'truncate']) {
      await q.query(`DROP TRIGGER calls_rollup_${op} ON calls`);
      await q.query(`DROP FUNCTION call_rollups_on_${op}()`);
    }
    await q.query("DROP INDEX \"public\".\"IDX_call_hourly_rollups_hour\"");
    await q.query("DROP TABLE \"call_hourly_rollups\"");
  }
}
