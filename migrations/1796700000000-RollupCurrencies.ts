import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rollup functions' SQL, for a rollup key with or without the billing currencies. */
function rollupSql(withCurrencies: boolean) {
  const keyCols = withCurrencies ? 'workspace_id, hour, twilio_currency, elevenlabs_currency' : 'workspace_id, hour';
  // A call with no Twilio (or ElevenLabs) amount has no currency of it: USD, the vendors' own, stands in.
  const keyExprs = withCurrencies
    ? `workspace_id, date_trunc('hour', started_at, 'UTC') AS hour, COALESCE(twilio_price_unit, 'USD') AS twilio_currency,
       COALESCE(elevenlabs_currency, 'USD') AS elevenlabs_currency`
    : `workspace_id, date_trunc('hour', started_at, 'UTC') AS hour`;
  const groupBy = withCurrencies ? '1, 2, 3, 4' : '1, 2';
  const delta = (rows: string, sign: 1 | -1) => `
    SELECT ${keyExprs},
           ${sign} * count(*) AS calls, ${sign} * COALESCE(sum(duration_seconds), 0) AS seconds,
           ${sign} * COALESCE(sum(twilio_cost), 0) AS twilio_cost, ${sign} * COALESCE(sum(elevenlabs_cost), 0) AS elevenlabs_cost,
           ${sign} * COALESCE(sum(elevenlabs_credits), 0) AS elevenlabs_credits,
           ${sign} * count(*) FILTER (WHERE twilio_synced_at IS NOT NULL AND NOT twilio_price_final) AS unpriced_calls,
           ${sign} * count(*) FILTER (WHERE elevenlabs_cost_estimated) AS estimated_calls
      FROM ${rows} GROUP BY ${groupBy}`;
  // In key order so concurrent statements lock rows alike.
  const apply = (deltas: string) => `
    INSERT INTO call_hourly_rollups AS r (${keyCols}, calls, seconds, twilio_cost, elevenlabs_cost,
                                          elevenlabs_credits, unpriced_calls, estimated_calls)
    SELECT ${keyCols}, sum(calls), sum(seconds), sum(twilio_cost), sum(elevenlabs_cost), sum(elevenlabs_credits),
           sum(unpriced_calls), sum(estimated_calls)
      FROM (${deltas}) d GROUP BY ${groupBy} ORDER BY ${groupBy}
    ON CONFLICT (${keyCols}) DO UPDATE SET
      calls = r.calls + EXCLUDED.calls, seconds = r.seconds + EXCLUDED.seconds,
      twilio_cost = r.twilio_cost + EXCLUDED.twilio_cost, elevenlabs_cost = r.elevenlabs_cost + EXCLUDED.elevenlabs_cost,
      elevenlabs_credits = r.elevenlabs_credits + EXCLUDED.elevenlabs_credits,
      unpriced_calls = r.unpriced_calls + EXCLUDED.unpriced_calls, estimated_calls = r.estimated_calls + EXCLUDED.estimated_calls`;
  return {
    insert: apply(delta('new_rows', 1)),
    update: apply(`${delta('new_rows', 1)} UNION ALL ${delta('old_rows', -1)}`),
    delete: apply(delta('old_rows', -1)),
    rebuild: apply(delta('calls', 1)),
  };
}

/**
 * Hourly rollups keyed by the currencies the vendors billed in (#15): a Twilio account billed in
 * euros, or an ElevenLabs cost priced at a credit rate in pesos, must never be added to dollars.
 * Reports convert each rollup row at its UTC day's rate. The same triggers (CallRollups), with the key
 * widened; the rollups are rebuilt from the calls.
 */
export class RollupCurrencies1796700000000 implements MigrationInterface {
  name = 'RollupCurrencies1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await this.rekey(q, true);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.rekey(q, false);
  }

  private async rekey(q: QueryRunner, withCurrencies: boolean): Promise<void> {
    await q.query('TRUNCATE call_hourly_rollups');
    if (withCurrencies) {
      await q.query('ALTER TABLE "call_hourly_rollups" DROP CONSTRAINT "PK_fa061d2fa1d36138b99c048b686"');
      await q.query("ALTER TABLE \"call_hourly_rollups\" ADD \"twilio_currency\" character(3) NOT NULL DEFAULT 'USD'");
      await q.query("ALTER TABLE \"call_hourly_rollups\" ADD \"elevenlabs_currency\" character(3) NOT NULL DEFAULT 'USD'");
      await q.query(
        'ALTER TABLE "call_hourly_rollups" ADD CONSTRAINT "PK_7ee4beb8c1c65a866979250f713" PRIMARY KEY ("workspace_id", "hour", "twilio_currency", "elevenlabs_currency")',
      );
    } else {
      await q.query('ALTER TABLE "call_hourly_rollups" DROP CONSTRAINT "PK_7ee4beb8c1c65a866979250f713"');
      await q.query('ALTER TABLE "call_hourly_rollups" DROP COLUMN "elevenlabs_currency"');
      await q.query('ALTER TABLE "call_hourly_rollups" DROP COLUMN "twilio_currency"');
      await q.query('ALTER TABLE "call_hourly_rollups" ADD CONSTRAINT "PK_fa061d2fa1d36138b99c048b686" PRIMARY KEY ("workspace_id", "hour")');
    }
    const sql = rollupSql(withCurrencies);
    for (const op of ['insert', 'update', 'delete'] as const) {
      await q.query(`CREATE OR REPLACE FUNCTION call_rollups_on_${op}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN ${sql[op]}; RETURN NULL; END $$`);
    }
    await q.query(sql.rebuild);
  }
}
