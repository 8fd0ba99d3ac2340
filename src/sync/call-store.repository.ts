import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConversationDetail } from '../elevenlabs/elevenlabs.port.js';
import type { ConversationCost } from '../elevenlabs/elevenlabs-cost.js';
import { callStatusOfConversation, FINAL_CONVERSATION_STATES } from '../entities/index.js';
import { settleTwilioLegCosts } from '../reporting/call-leg-totals.js';
import { twilioPricePendingSql } from '../reporting/report-source.js';
import type { TwilioCallRecord } from '../twilio/twilio.port.js';

export interface PricedConversation {
  detail: ConversationDetail;
  cost: ConversationCost;
}

/**
 * Batched, idempotent writes of vendor records into `calls`, keyed by the vendors' ids. A Twilio call
 * and its ElevenLabs conversation meet on the call SID whichever arrives first. A row is rewritten
 * only when a vendor value changed, so a repeated sync leaves rows (and their timestamps) identical.
 */
@Injectable()
export class CallStore {
  constructor(private readonly ds: DataSource) {}

  /** Parent calls and child legs of one workspace; returns how many rows were inserted or changed. */
  async upsertTwilioCalls(workspaceId: string, records: TwilioCallRecord[]): Promise<number> {
    const parents = dedupe(
      records.filter((r) => !r.parentSid),
      (r) => r.sid,
    );
    const children = dedupe(
      records.filter((r) => r.parentSid),
      (r) => r.sid,
    );
    return retryOnDeadlock(() =>
      this.ds.transaction(async (tx) => {
        let changed = 0;
        if (parents.length) {
          const rows = await tx.query<unknown[]>(
            `INSERT INTO calls (twilio_call_sid, workspace_id, direction, from_number, to_number, status, started_at,
                              duration_seconds, twilio_own_cost, twilio_price_unit, twilio_synced_at, last_synced_at)
           SELECT p.sid, $2::uuid, p.direction::call_direction, p.from_number, p.to_number, p.status::call_status, p.started_at,
                  p.duration_seconds, p.own_cost, p.price_unit, now(), now()
             FROM unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::int[], $9::numeric[], $10::text[])
                  AS p(sid, direction, from_number, to_number, status, started_at, duration_seconds, own_cost, price_unit)
           ON CONFLICT (twilio_call_sid) DO UPDATE SET
             workspace_id = EXCLUDED.workspace_id, direction = EXCLUDED.direction, from_number = EXCLUDED.from_number,
             to_number = EXCLUDED.to_number, status = EXCLUDED.status, started_at = EXCLUDED.started_at,
             duration_seconds = EXCLUDED.duration_seconds, twilio_own_cost = EXCLUDED.twilio_own_cost,
             twilio_price_unit = EXCLUDED.twilio_price_unit,
             twilio_price_overdue = calls.twilio_price_overdue AND EXCLUDED.twilio_own_cost IS NULL,
             twilio_synced_at = now(), last_synced_at = now()
           WHERE calls.twilio_synced_at IS NULL
              OR (calls.workspace_id, calls.direction, calls.from_number, calls.to_number, calls.status, calls.started_at,
                  calls.duration_seconds, calls.twilio_own_cost, calls.twilio_price_unit)
                 IS DISTINCT FROM
                 (EXCLUDED.workspace_id, EXCLUDED.direction, EXCLUDED.from_number, EXCLUDED.to_number, EXCLUDED.status,
                  EXCLUDED.started_at, EXCLUDED.duration_seconds, EXCLUDED.twilio_own_cost, EXCLUDED.twilio_price_unit)
           RETURNING 1`,
            [
              parents.map((r) => r.sid),
              workspaceId,
              parents.map((r) => r.direction),
              parents.map((r) => r.from),
              parents.map((r) => r.to),
              parents.map((r) => r.status),
              parents.map((r) => r.startedAt.toISOString()),
              parents.map((r) => r.durationSeconds),
              parents.map((r) => r.cost),
              parents.map((r) => r.priceUnit),
            ],
          );
          changed += rows.length;
        }
        if (children.length) {
          const rows = await tx.query<unknown[]>(
            `INSERT INTO twilio_child_legs (sid, parent_call_sid, cost, price_unit, started_at, duration_seconds, synced_at)
           SELECT c.sid, c.parent, c.cost, c.price_unit, c.started_at, c.duration_seconds, now()
             FROM unnest($1::text[], $2::text[], $3::numeric[], $4::text[], $5::timestamptz[], $6::int[])
                  AS c(sid, parent, cost, price_unit, started_at, duration_seconds)
           ON CONFLICT (sid) DO UPDATE SET
             parent_call_sid = EXCLUDED.parent_call_sid, cost = EXCLUDED.cost, price_unit = EXCLUDED.price_unit,
             started_at = EXCLUDED.started_at, duration_seconds = EXCLUDED.duration_seconds, synced_at = now()
           WHERE (twilio_child_legs.parent_call_sid, twilio_child_legs.cost, twilio_child_legs.price_unit,
                  twilio_child_legs.started_at, twilio_child_legs.duration_seconds)
                 IS DISTINCT FROM
                 (EXCLUDED.parent_call_sid, EXCLUDED.cost, EXCLUDED.price_unit, EXCLUDED.started_at, EXCLUDED.duration_seconds)
           RETURNING 1`,
            [
              children.map((r) => r.sid),
              children.map((r) => r.parentSid),
              children.map((r) => r.cost),
              children.map((r) => r.priceUnit),
              children.map((r) => r.startedAt.toISOString()),
              children.map((r) => r.durationSeconds),
            ],
          );
          changed += rows.length;
        }
        const touched = [...new Set([...parents.map((r) => r.sid), ...children.map((r) => r.parentSid as string)])];
        await settleTwilioLegCosts(tx, touched);
        return changed;
      }),
    );
  }

  /** Conversation ids among `ids` whose stored detail is final and need not be read again. */
  async finalConversationIds(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT elevenlabs_conversation_id AS id FROM calls
        WHERE elevenlabs_conversation_id = ANY($1::text[]) AND elevenlabs_status = ANY($2::conversation_state[])
          AND (elevenlabs_cost IS NOT NULL OR elevenlabs_credits IS NULL)`,
      [ids, FINAL_CONVERSATION_STATES],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Conversations of one workspace; phone conversations join their Twilio call by SID. */
  async upsertConversations(workspaceId: string, conversations: PricedConversation[]): Promise<number> {
    const unique = dedupe(conversations, (c) => c.detail.id);
    const withSid = dedupe(
      unique.filter((c) => c.detail.callSid),
      (c) => c.detail.callSid as string,
    );
    const withoutSid = unique.filter((c) => !c.detail.callSid);
    let changed = 0;
    if (withSid.length) changed += await retryOnDeadlock(() => this.upsertConversationRows(workspaceId, withSid, 'twilio_call_sid'));
    if (withoutSid.length) {
      changed += await retryOnDeadlock(() => this.upsertConversationRows(workspaceId, withoutSid, 'elevenlabs_conversation_id'));
    }
    return changed;
  }

  private async upsertConversationRows(workspaceId: string, items: PricedConversation[], key: 'twilio_call_sid' | 'elevenlabs_conversation_id') {
    // Twilio is the authority on the phone leg (times, numbers, status); a conversation fills
    // them only while no Twilio leg has been seen.
    const phoneField = (col: string) => `${col} = CASE WHEN calls.twilio_synced_at IS NULL THEN EXCLUDED.${col} ELSE calls.${col} END`;
    const rows = await this.ds.query<unknown[]>(
      `INSERT INTO calls (twilio_call_sid, elevenlabs_conversation_id, workspace_id, agent_id, direction, from_number, to_number,
                          status, started_at, duration_seconds, elevenlabs_credits, ${CHARGE_COLUMNS.join(', ')},
                          elevenlabs_cost, elevenlabs_currency, elevenlabs_cost_estimated, elevenlabs_cost_basis, elevenlabs_status,
                          termination_reason, elevenlabs_synced_at, last_synced_at)
       SELECT c.sid, c.id, $3::uuid, c.agent_id, c.direction::call_direction, c.from_number, c.to_number, c.call_status::call_status,
              c.started_at, c.duration_seconds, c.credits, c.llm_credits, c.call_credits, c.platform_credits, c.llm_usd, c.platform_usd,
              c.cost, c.currency, c.estimated, c.basis::elevenlabs_cost_basis, c.state::conversation_state, c.termination_reason, now(), now()
         FROM unnest($1::text[], $2::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[],
                     $11::int[], $12::numeric[], $13::numeric[], $14::numeric[], $15::numeric[], $16::numeric[], $17::numeric[],
                     $18::numeric[], $19::text[], $20::bool[], $21::text[], $22::text[])
              AS c(sid, id, agent_id, direction, from_number, to_number, call_status, state, started_at, duration_seconds, credits,
                   llm_credits, call_credits, platform_credits, llm_usd, platform_usd, cost, currency, estimated, basis, termination_reason)
       ON CONFLICT (${key}) DO UPDATE SET
         elevenlabs_conversation_id = EXCLUDED.elevenlabs_conversation_id, agent_id = EXCLUDED.agent_id,
         elevenlabs_credits = EXCLUDED.elevenlabs_credits, ${CHARGE_COLUMNS.map((col) => `${col} = EXCLUDED.${col}`).join(', ')},
         elevenlabs_cost = EXCLUDED.elevenlabs_cost, elevenlabs_currency = EXCLUDED.elevenlabs_currency,
         elevenlabs_cost_estimated = EXCLUDED.elevenlabs_cost_estimated, elevenlabs_cost_basis = EXCLUDED.elevenlabs_cost_basis,
         elevenlabs_status = EXCLUDED.elevenlabs_status, termination_reason = EXCLUDED.termination_reason,
         ${['direction', 'from_number', 'to_number', 'status', 'started_at', 'duration_seconds'].map(phoneField).join(', ')},
         elevenlabs_synced_at = now(), last_synced_at = now()
       WHERE calls.elevenlabs_synced_at IS NULL
          OR (${CONVERSATION_FIELDS.map((col) => `calls.${col}`).join(', ')})
             IS DISTINCT FROM
             (${CONVERSATION_FIELDS.map((col) => `EXCLUDED.${col}`).join(', ')})
       RETURNING 1`,
      conversationParams(workspaceId, items),
    );
    return rows.length;
  }

  /** After the price-pending age, an unpriced Twilio call is flagged and no longer revisited. */
  async flagOverduePrices(workspaceId: string, maxHours: number): Promise<number> {
    const rows = await this.ds.query<unknown[]>(
      `UPDATE calls SET twilio_price_overdue = true
        WHERE workspace_id = $1 AND twilio_synced_at IS NOT NULL AND twilio_own_cost IS NULL
          AND NOT twilio_price_overdue AND started_at < now() - make_interval(hours => $2)
       RETURNING 1`,
      [workspaceId, maxHours],
    );
    return rows.length;
  }

  /**
   * Start of the oldest conversation of the workspace whose detail may still change (not final yet,
   * or credits still without a money cost), within the age limit: the next window reaches back to it.
   */
  async oldestPendingConversation(workspaceId: string, maxHours: number): Promise<Date | null> {
    const [row] = await this.ds.query<Array<{ oldest: Date | null }>>(
      `SELECT min(started_at) AS oldest FROM calls
        WHERE workspace_id = $1 AND elevenlabs_synced_at IS NOT NULL
          AND (elevenlabs_status <> ALL($3::conversation_state[]) OR (elevenlabs_cost IS NULL AND elevenlabs_credits IS NOT NULL))
          AND started_at >= now() - make_interval(hours => $2)`,
      [workspaceId, maxHours, FINAL_CONVERSATION_STATES],
    );
    return row?.oldest ? new Date(row.oldest) : null;
  }

  /** Start of the oldest call of the workspace still waiting for its Twilio price (within the age limit). */
  async oldestPendingPrice(workspaceId: string, maxHours: number): Promise<Date | null> {
    const [row] = await this.ds.query<Array<{ oldest: Date | null }>>(
      `SELECT min(started_at) AS oldest FROM calls
        WHERE workspace_id = $1 AND ${twilioPricePendingSql('calls')} AND NOT twilio_price_overdue
          AND started_at >= now() - make_interval(hours => $2)`,
      [workspaceId, maxHours],
    );
    return row?.oldest ? new Date(row.oldest) : null;
  }
}

/** The conversation's breakdown of its charge, in the order of ChargeBreakdown's fields below. */
const CHARGE_COLUMNS = ['elevenlabs_llm_credits', 'elevenlabs_call_credits', 'elevenlabs_platform_credits', 'elevenlabs_llm_cost_usd', 'elevenlabs_platform_cost_usd'];

/** What a conversation writes: a row is rewritten only when one of these changed. */
const CONVERSATION_FIELDS = [
  'elevenlabs_conversation_id',
  'agent_id',
  'elevenlabs_credits',
  ...CHARGE_COLUMNS,
  'elevenlabs_cost',
  'elevenlabs_currency',
  'elevenlabs_cost_estimated',
  'elevenlabs_cost_basis',
  'elevenlabs_status',
  'termination_reason',
];

function conversationParams(workspaceId: string, items: PricedConversation[]): unknown[] {
  const d = items.map((c) => c.detail);
  return [
    d.map((x) => x.callSid),
    d.map((x) => x.id),
    workspaceId,
    d.map((x) => x.agentId),
    d.map((x) => x.direction),
    d.map((x) => x.from),
    d.map((x) => x.to),
    d.map((x) => callStatusOfConversation(x.state)),
    d.map((x) => x.state),
    d.map((x) => x.startedAt.toISOString()),
    d.map((x) => x.durationSeconds),
    d.map((x) => x.credits),
    d.map((x) => x.charges.llmCredits),
    d.map((x) => x.charges.callCredits),
    d.map((x) => x.charges.platformCredits),
    d.map((x) => x.charges.llmCostUsd),
    d.map((x) => x.charges.platformCostUsd),
    items.map((c) => c.cost.cost),
    items.map((c) => c.cost.currency),
    items.map((c) => c.cost.estimated),
    items.map((c) => c.cost.basis),
    d.map((x) => x.terminationReason),
  ];
}

/**
 * The last record wins (a later page holds the fresher copy of a call listed twice), and the result
 * is sorted by key so that concurrent writers lock rows in the same order.
 */
function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
}

/**
 * A workspace's Twilio and ElevenLabs sources write the same rows side by side; sorted batches make
 * deadlocks rare, and PostgreSQL's answer to one that still happens (40P01) is to try again.
 */
async function retryOnDeadlock<T>(write: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      const code = (err as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (err as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
}
