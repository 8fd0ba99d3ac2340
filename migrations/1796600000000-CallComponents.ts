import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated columns, in the order TypeORM compares them; the expressions are the rule in call-components.ts. */
const COLUMNS: Array<[name: string, expression: string]> = [
  ['elevenlabs_platform_cost', "CASE WHEN elevenlabs_cost IS NULL THEN NULL ELSE CASE WHEN elevenlabs_cost_basis = 'vendor' AND (elevenlabs_llm_cost_usd IS NOT NULL OR elevenlabs_platform_cost_usd IS NOT NULL) AND COALESCE(elevenlabs_llm_cost_usd, 0) >= 0 AND COALESCE(elevenlabs_platform_cost_usd, 0) >= 0 AND COALESCE(elevenlabs_llm_cost_usd, 0) + COALESCE(elevenlabs_platform_cost_usd, 0) <= elevenlabs_cost THEN COALESCE(elevenlabs_platform_cost_usd, 0) WHEN elevenlabs_cost_basis = 'credit_rate' AND elevenlabs_credits > 0 AND (elevenlabs_llm_credits IS NOT NULL OR elevenlabs_call_credits IS NOT NULL OR elevenlabs_platform_credits IS NOT NULL) AND COALESCE(elevenlabs_llm_credits, 0) >= 0 AND COALESCE(elevenlabs_call_credits, 0) >= 0 AND COALESCE(elevenlabs_platform_credits, 0) >= 0 AND COALESCE(elevenlabs_llm_credits, 0) + COALESCE(elevenlabs_call_credits, 0) + COALESCE(elevenlabs_platform_credits, 0) <= elevenlabs_credits THEN trunc((COALESCE(elevenlabs_call_credits, 0) + COALESCE(elevenlabs_platform_credits, 0)) * elevenlabs_cost / elevenlabs_credits, 10) ELSE 0 END END"],
  ['elevenlabs_llm_cost', "CASE WHEN elevenlabs_cost IS NULL THEN NULL ELSE CASE WHEN elevenlabs_cost_basis = 'vendor' AND (elevenlabs_llm_cost_usd IS NOT NULL OR elevenlabs_platform_cost_usd IS NOT NULL) AND COALESCE(elevenlabs_llm_cost_usd, 0) >= 0 AND COALESCE(elevenlabs_platform_cost_usd, 0) >= 0 AND COALESCE(elevenlabs_llm_cost_usd, 0) + COALESCE(elevenlabs_platform_cost_usd, 0) <= elevenlabs_cost THEN COALESCE(elevenlabs_llm_cost_usd, 0) WHEN elevenlabs_cost_basis = 'credit_rate' AND elevenlabs_credits > 0 AND (elevenlabs_llm_credits IS NOT NULL OR elevenlabs_call_credits IS NOT NULL OR elevenlabs_platform_credits IS NOT NULL) AND COALESCE(elevenlabs_llm_credits, 0) >= 0 AND COALESCE(elevenlabs_call_credits, 0) >= 0 AND COALESCE(elevenlabs_platform_credits, 0) >= 0 AND COALESCE(elevenlabs_llm_credits, 0) + COALESCE(elevenlabs_call_credits, 0) + COALESCE(elevenlabs_platform_credits, 0) <= elevenlabs_credits THEN trunc(COALESCE(elevenlabs_llm_credits, 0) * elevenlabs_cost / elevenlabs_credits, 10) ELSE 0 END END"],
  ['elevenlabs_unsplit_cost', "CASE WHEN elevenlabs_cost IS NULL THEN NULL ELSE elevenlabs_cost - (CASE WHEN elevenlabs_cost_basis = 'vendor' AND (elevenlabs_llm_cost_usd IS NOT NULL OR elevenlabs_platform_cost_usd IS NOT NULL) AND COALESCE(elevenlabs_llm_cost_usd, 0) >= 0 AND COALESCE(elevenlabs_platform_cost_usd, 0) >= 0 AND COALESCE(elevenlabs_llm_cost_usd, 0) + COALESCE(elevenlabs_platform_cost_usd, 0) <= elevenlabs_cost THEN COALESCE(elevenlabs_llm_cost_usd, 0) WHEN elevenlabs_cost_basis = 'credit_rate' AND elevenlabs_credits > 0 AND (elevenlabs_llm_credits IS NOT NULL OR elevenlabs_call_credits IS NOT NULL OR elevenlabs_platform_credits IS NOT NULL) AND COALESCE(elevenlabs_llm_credits, 0) >= 0 AND COALESCE(elevenlabs_call_credits, 0) >= 0 AND COALESCE(elevenlabs_platform_credits, 0) >= 0 AND COALESCE(elevenlabs_llm_credits, 0) + COALESCE(elevenlabs_call_credits, 0) + COALESCE(elevenlabs_platform_credits, 0) <= elevenlabs_credits THEN trunc(COALESCE(elevenlabs_llm_credits, 0) * elevenlabs_cost / elevenlabs_credits, 10) ELSE 0 END) - (CASE WHEN elevenlabs_cost_basis = 'vendor' AND (elevenlabs_llm_cost_usd IS NOT NULL OR elevenlabs_platform_cost_usd IS NOT NULL) AND COALESCE(elevenlabs_llm_cost_usd, 0) >= 0 AND COALESCE(elevenlabs_platform_cost_usd, 0) >= 0 AND COALESCE(elevenlabs_llm_cost_usd, 0) + COALESCE(elevenlabs_platform_cost_usd, 0) <= elevenlabs_cost THEN COALESCE(elevenlabs_platform_cost_usd, 0) WHEN elevenlabs_cost_basis = 'credit_rate' AND elevenlabs_credits > 0 AND (elevenlabs_llm_credits IS NOT NULL OR elevenlabs_call_credits IS NOT NULL OR elevenlabs_platform_credits IS NOT NULL) AND COALESCE(elevenlabs_llm_credits, 0) >= 0 AND COALESCE(elevenlabs_call_credits, 0) >= 0 AND COALESCE(elevenlabs_platform_credits, 0) >= 0 AND COALESCE(elevenlabs_llm_credits, 0) + COALESCE(elevenlabs_call_credits, 0) + COALESCE(elevenlabs_platform_credits, 0) <= elevenlabs_credits THEN trunc((COALESCE(elevenlabs_call_credits, 0) + COALESCE(elevenlabs_platform_credits, 0)) * elevenlabs_cost / elevenlabs_credits, 10) ELSE 0 END) END"],
];

/**
 * A call's ElevenLabs cost by component (agent platform, LLM, unsplit) as stored generated columns, so
 * every existing row is backfilled by the ALTER itself and no write path can leave them stale; and
 * an index for one agent's calls over a period (the agents report).
 * Written by hand from the generated diff: TypeORM records each generated column's expression in
 * typeorm_metadata under the database's name, which is whatever database the migration runs in.
 * The expressions are spelled out as they were when written (the rule is reporting/call-components.ts):
 * a change of rule is a new migration, which the drift test asks for.
 */
export class CallComponents1796600000000 implements MigrationInterface {
  name = 'CallComponents1796600000000';

  async up(q: QueryRunner): Promise<void> {
    // One statement, so the calls table is rewritten once.
    await q.query(`ALTER TABLE "calls" ${COLUMNS.map(([name, sql]) => `ADD "${name}" numeric(22,10) GENERATED ALWAYS AS (${sql}) STORED`).join(', ')}`);
    for (const [name, sql] of COLUMNS) {
      await q.query(
        `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value")
         VALUES (current_database(), 'public', 'calls', 'GENERATED_COLUMN', $1, $2)`,
        [name, sql],
      );
    }
    await q.query('CREATE INDEX "IDX_calls_agent_started" ON "calls" ("agent_id", "started_at") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."IDX_calls_agent_started"');
    await q.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'calls' AND "name" = ANY($1::text[])`, [COLUMNS.map(([n]) => n)]);
    await q.query(`ALTER TABLE "calls" ${COLUMNS.map(([name]) => `DROP COLUMN "${name}"`).join(', ')}`);
  }
}
