import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CallStatus } from '../../src/entities/index.js';

export interface CallSeed {
  workspaceId: string;
  startedAt: string;
  durationSeconds?: number;
  twilioCost?: string | null;
  elevenlabsCost?: string | null;
  credits?: string | null;
  direction?: 'inbound' | 'outbound' | 'web';
  agentId?: string | null;
  status?: CallStatus;
  unpriced?: boolean;
  estimated?: boolean;
  /** Default: estimate when `estimated`, else vendor. */
  basis?: 'vendor' | 'credit_rate' | 'estimate' | null;
  /** ElevenLabs' charging breakdown (credits by part, dollar prices); null by default. */
  llmCredits?: string | null;
  callCredits?: string | null;
  platformCredits?: string | null;
  llmCostUsd?: string | null;
  platformCostUsd?: string | null;
  /** What Twilio billed in (its price unit) and ElevenLabs' cost currency; USD by default. */
  twilioCurrency?: string;
  elevenlabsCurrency?: string;
}

/** `currency`: the workspace's own (its client's), which `clientPricePerMinute` is in. */
export async function insertWorkspace(ds: DataSource, slug: string, clientPricePerMinute: string | null = null, currency = 'USD'): Promise<string> {
  const [{ id }] = await ds.query(`INSERT INTO workspaces (name, slug, twilio_phone_numbers, client_price_per_minute, currency) VALUES ($1, $2, '{}', $3, $4) RETURNING id`, [
    slug.toUpperCase(),
    slug,
    clientPricePerMinute,
    currency,
  ]);
  return id;
}

/** Calls as the sync would store them, with sensible defaults for whatever a test does not care about. */
export async function insertCalls(ds: DataSource, seeds: CallSeed[]): Promise<void> {
  for (const c of seeds) {
    const phone = c.direction !== 'web';
    await ds.query(
      `INSERT INTO calls (twilio_call_sid, elevenlabs_conversation_id, workspace_id, agent_id, direction, status, started_at,
                          duration_seconds, twilio_own_cost, twilio_cost, twilio_price_unit, twilio_price_final, twilio_synced_at,
                          elevenlabs_credits, elevenlabs_cost, elevenlabs_currency, elevenlabs_cost_estimated, elevenlabs_synced_at,
                          elevenlabs_cost_basis, elevenlabs_llm_credits, elevenlabs_call_credits, elevenlabs_platform_credits,
                          elevenlabs_llm_cost_usd, elevenlabs_platform_cost_usd)
       VALUES ($1::text, $2, $3, $4, $5, $6, $7, $8, $9, $9, $20, $10, CASE WHEN $1::text IS NULL THEN NULL ELSE now() END,
               $11, $12, $21, $13, now(), $14::elevenlabs_cost_basis, $15, $16, $17, $18, $19)`,
      [
        phone ? `CA${randomBytes(16).toString('hex')}` : null,
        `conv_${randomBytes(13).toString('hex')}`,
        c.workspaceId,
        c.agentId ?? 'agent_a',
        c.direction ?? 'inbound',
        c.status ?? CallStatus.Completed,
        c.startedAt,
        c.durationSeconds ?? 60,
        phone ? (c.unpriced ? null : (c.twilioCost ?? '0.0085')) : null,
        phone && !c.unpriced,
        c.credits ?? '400',
        c.elevenlabsCost ?? '0.08',
        c.estimated ?? false,
        c.basis !== undefined ? c.basis : c.estimated ? 'estimate' : 'vendor',
        c.llmCredits ?? null,
        c.callCredits ?? null,
        c.platformCredits ?? null,
        c.llmCostUsd ?? null,
        c.platformCostUsd ?? null,
        phone ? (c.twilioCurrency ?? 'USD') : null,
        c.elevenlabsCurrency ?? 'USD',
      ],
    );
  }
}

/**
 * `count` priced, matched calls for a workspace in one INSERT ... SELECT (tens of thousands in a
 * second or two), one every `spacingSeconds` from 2026-09-01: enough rows for streaming tests.
 */
export async function insertBulkCalls(ds: DataSource, workspaceId: string, count: number, spacingSeconds: number): Promise<void> {
  await ds.query(
    `INSERT INTO calls (twilio_call_sid, elevenlabs_conversation_id, workspace_id, agent_id, direction, status, started_at,
                        duration_seconds, twilio_own_cost, twilio_cost, twilio_price_unit, twilio_price_final, twilio_synced_at,
                        elevenlabs_credits, elevenlabs_cost, elevenlabs_currency, elevenlabs_cost_estimated, elevenlabs_synced_at)
     SELECT 'CAbulk' || g, 'conv_bulk_' || g, $1, 'agent_bulk', 'inbound', 'completed',
            '2026-09-01T00:00:00Z'::timestamptz + g * make_interval(secs => $3), 30 + g % 600, 0.0085, 0.0085, 'USD', true, now(),
            400, 0.0812345, 'USD', false, now()
       FROM generate_series(1, $2::int) AS g`,
    [workspaceId, count, spacingSeconds],
  );
}
