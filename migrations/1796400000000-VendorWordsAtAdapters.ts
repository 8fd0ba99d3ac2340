import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The charging parts kept as columns, each from its key in the vendor's stored `metadata.charging`. */
const CHARGES: Array<[column: string, key: string]> = [
  ['elevenlabs_llm_credits', 'llm_charge'],
  ['elevenlabs_call_credits', 'call_charge'],
  ['elevenlabs_platform_credits', 'platform_charge'],
  ['elevenlabs_llm_cost_usd', 'llm_price'],
  ['elevenlabs_platform_cost_usd', 'platform_price'],
];

/**
 * Vendor words stop at the adapters: call statuses, conversation states and Twilio usage scopes
 * become enums of ours, and ElevenLabs' charging JSON becomes columns. Written by hand from the
 * generated diff, which dropped and re-added the columns: here every existing row is translated.
 * Calls stored from a conversation alone carried the conversation's words in `status`
 * (`done`, `processing`...), so both vendors' words are mapped there.
 */
export class VendorWordsAtAdapters1796400000000 implements MigrationInterface {
  name = 'VendorWordsAtAdapters1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "calls" ${CHARGES.map(([column]) => `ADD "${column}" numeric(${column.endsWith('_usd') ? '22,10' : '18,4'})`).join(', ')}`);
    // Only a JSON number is an amount; anything else the vendor put there stays unknown (null).
    const part = (key: string) => `CASE WHEN jsonb_typeof(elevenlabs_charging -> '${key}') = 'number' THEN (elevenlabs_charging ->> '${key}')::numeric END`;
    await q.query(`UPDATE "calls" SET ${CHARGES.map(([column, key]) => `"${column}" = ${part(key)}`).join(', ')} WHERE elevenlabs_charging IS NOT NULL`);
    await q.query('ALTER TABLE "calls" DROP COLUMN "elevenlabs_charging"');

    await q.query("CREATE TYPE \"public\".\"call_status\" AS ENUM('queued', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled', 'unknown')");
    await q.query("CREATE TYPE \"public\".\"conversation_state\" AS ENUM('in_progress', 'processing', 'completed', 'failed')");
    // One statement, so the table is rewritten once.
    await q.query(
      `ALTER TABLE "calls"
         ALTER COLUMN "status" TYPE "public"."call_status" USING (CASE
           WHEN status IS NULL THEN NULL
           WHEN status IN ('queued', 'ringing', 'completed', 'busy', 'failed', 'canceled') THEN status
           WHEN status IN ('in-progress', 'initiated') THEN 'in_progress'
           WHEN status = 'no-answer' THEN 'no_answer'
           WHEN status IN ('done', 'processing') THEN 'completed'
           ELSE 'unknown' END)::"public"."call_status",
         ALTER COLUMN "elevenlabs_status" TYPE "public"."conversation_state" USING (CASE
           WHEN elevenlabs_status IS NULL THEN NULL
           WHEN elevenlabs_status IN ('initiated', 'in-progress') THEN 'in_progress'
           WHEN elevenlabs_status = 'done' THEN 'completed'
           WHEN elevenlabs_status = 'failed' THEN 'failed'
           ELSE 'processing' END)::"public"."conversation_state"`,
    );

    await q.query("CREATE TYPE \"public\".\"twilio_usage_scope\" AS ENUM('all', 'inbound', 'outbound')");
    // Only these three categories were ever requested; another could not be reconciled anyway.
    await q.query("DELETE FROM \"twilio_usage_days\" WHERE category NOT IN ('calls', 'calls-inbound', 'calls-outbound')");
    await q.query('ALTER TABLE "twilio_usage_days" RENAME COLUMN "category" TO "scope"');
    await q.query('ALTER TABLE "twilio_usage_days" RENAME CONSTRAINT "PK_a1489363c0295390b28419c8af4" TO "PK_f04dadaa5e907a43c363b327ad8"');
    await q.query(
      `ALTER TABLE "twilio_usage_days" ALTER COLUMN "scope" TYPE "public"."twilio_usage_scope"
         USING (CASE scope WHEN 'calls' THEN 'all' WHEN 'calls-inbound' THEN 'inbound' ELSE 'outbound' END)::"public"."twilio_usage_scope"`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "twilio_usage_days" ALTER COLUMN "scope" TYPE character varying(64)
         USING CASE scope WHEN 'all' THEN 'calls' WHEN 'inbound' THEN 'calls-inbound' ELSE 'calls-outbound' END`,
    );
    await q.query('ALTER TABLE "twilio_usage_days" RENAME CONSTRAINT "PK_f04dadaa5e907a43c363b327ad8" TO "PK_a1489363c0295390b28419c8af4"');
    await q.query('ALTER TABLE "twilio_usage_days" RENAME COLUMN "scope" TO "category"');
    await q.query('DROP TYPE "public"."twilio_usage_scope"');

    await q.query(
      `ALTER TABLE "calls"
         ALTER COLUMN "status" TYPE character varying(32)
           USING CASE status WHEN 'in_progress' THEN 'in-progress' WHEN 'no_answer' THEN 'no-answer' ELSE status::text END,
         ALTER COLUMN "elevenlabs_status" TYPE character varying(32)
           USING CASE elevenlabs_status WHEN 'in_progress' THEN 'in-progress' WHEN 'completed' THEN 'done' ELSE elevenlabs_status::text END`,
    );
    await q.query('DROP TYPE "public"."conversation_state"');
    await q.query('DROP TYPE "public"."call_status"');

    await q.query('ALTER TABLE "calls" ADD "elevenlabs_charging" jsonb');
    await q.query(
      `UPDATE "calls" SET elevenlabs_charging = jsonb_strip_nulls(jsonb_build_object(${CHARGES.map(([column, key]) => `'${key}', "${column}"`).join(', ')}))
        WHERE ${CHARGES.map(([column]) => `"${column}" IS NOT NULL`).join(' OR ')}`,
    );
    await q.query(`ALTER TABLE "calls" ${CHARGES.map(([column]) => `DROP COLUMN "${column}"`).join(', ')}`);
  }
}
