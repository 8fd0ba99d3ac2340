import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConversationDetail } from '../elevenlabs/elevenlabs.port.js';
import type { ConversationCost } from '../elevenlabs/elevenlabs-cost.js';
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
    const parents = dedupe(records.filter((r) => !r.parentSid), (r) => r.sid);
    const children = dedupe(records.filter((r) => r.parentSid), (r) => r.sid);
    return retryOnDeadlock(() => this.ds.transaction(async (tx) => {
      let changed = 0;
      if (parents.length) {
        const rows = await tx.query<unknown[]>(
          `INSERT INTO calls (twilio_call_sid, workspace_id, direction, from_number, to_number, status, started_at,
                              duration_seconds, twilio_own_cost, twilio_price_unit, twilio_synced_at, last_synced_at)
           SELECT p.sid, $2::uuid, p.direction::call_direction, p.from_number, p.to_number, p.status, p.started_at,
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
      // A parent's Twilio cost is what is priced so far of its own leg and its child legs; it is
      // final once every leg is priced. Null only while nothing at all is priced.
      await tx.query(
        `UPDATE calls c
            SET twilio_cost = k.total, twilio_price_final = k.final
           FROM (SELECT own.id,
                        CASE WHEN own.twilio_own_cost IS NULL AND ch.cost IS NULL THEN NULL
                             ELSE COALESCE(own.twilio_own_cost, 0) + COALESCE(ch.cost, 0) END AS total,
                        own.twilio_own_cost IS NOT NULL AND COALESCE(ch.priced, true) AS final
                   FROM calls own
                   -- Per call, through the parent index: a join of the whole batch to the child legs made the
                   -- planner guess thousands of rows and scan every call (122 ms a page instead of 12 ms).
                   CROSS JOIN LATERAL (SELECT sum(l.cost) AS cost, bool_and(l.cost IS NOT NULL) AS priced
                                         FROM twilio_child_legs l WHERE l.parent_call_sid = own.twilio_call_sid) ch
                  WHERE own.twilio_call_sid = ANY($1::text[])) k
          WHERE c.id = k.id
            AND (c.twilio_cost, c.twilio_price_final) IS DISTINCT FROM (k.total, k.final)`,
        [touched.sort()],
      );
      return changed;
    }));
  }

  /** Conversation ids among `ids` whose stored detail is final and need not be read again. */
  async finalConversationIds(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT elevenlabs_conversation_id AS id FROM calls
        WHERE elevenlabs_conversation_id = ANY($1::text[]) AND elevenlabs_status IN ('done', 'failed')
          AND (elevenlabs_cost IS NOT NULL OR elevenlabs_credits IS NULL)`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Conversations of one workspace; phone conversations join their Twilio call by SID. */
  async upsertConversations(workspaceId: string, conversations: PricedConversation[]): Promise<number> {
    const unique = dedupe(conversations, (c) => c.detail.id);
    const withSid = dedupe(unique.filter((c) => c.detail.callSid), (c) => c.detail.callSid as string);
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
                          status, started_at, duration_seconds, elevenlabs_credits, elevenlabs_charging, elevenlabs_cost,
                          elevenlabs_currency, elevenlabs_cost_estimated, elevenlabs_cost_basis, elevenlabs_status,
                          termination_reason, elevenlabs_synced_at, last_synced_at)
       SELECT c.sid, c.id, $3::uuid, c.agent_id, c.direction::call_direction, c.from_number, c.to_number, c.status,
              c.started_at, c.duration_seconds, c.credits, c.charging, c.cost, c.currency, c.estimated,
              c.basis::elevenlabs_cost_basis, c.status, c.termination_reason, now(), now()
         FROM unnest($1::text[], $2::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[],
                     $10::int[], $11::numeric[], $12::jsonb[], $13::numeric[], $14::text[], $15::bool[], $16::text[], $17::text[])
              AS c(sid, id, agent_id, direction, from_number, to_number, status, started_at, duration_seconds, credits,
                   charging, cost, currency, estimated, basis, termination_reason)
       ON CONFLICT (${key}) DO UPDATE SET
         elevenlabs_conversation_id = EXCLUDED.elevenlabs_conversation_id, agent_id = EXCLUDED.agent_id,
         elevenlabs_credits = EXCLUDED.elevenlabs_credits, elevenlabs_charging = EXCLUDED.elevenlabs_charging,
         elevenlabs_cost = EXCLUDED.elevenlabs_cost, elevenlabs_currency = EXCLUDED.elevenlabs_currency,
         elevenlabs_cost_estimated = EXCLUDED.elevenlabs_cost_estimated, elevenlabs_cost_basis = EXCLUDED.elevenlabs_cost_basis,
         elevenlabs_status = EXCLUDED.elevenlabs_status, termination_reason = EXCLUDED.termination_reason,
         ${['direction', 'from_number', 'to_number', 'status', 'started_at', 'duration_seconds'].map(phoneField).join(', ')},
         elevenlabs_synced_at = now(), last_synced_at = now()
       WHERE calls.elevenlabs_synced_at IS NULL
          OR (calls.elevenlabs_conversation_id, calls.agent_id, calls.elevenlabs_credits, calls.elevenlabs_charging,
              calls.elevenlabs_cost, calls.elevenlabs_currency, calls.elevenlabs_cost_estimated, calls.elevenlabs_cost_basis,
              calls.elevenlabs_status, calls.termination_reason)
             IS DISTINCT FROM
             (EXCLUDED.elevenlabs_conversation_id, EXCLUDED.agent_id, EXCLUDED.elevenlabs_credits, EXCLUDED.elevenlabs_charging,
              EXCLUDED.elevenlabs_cost, EXCLUDED.elevenlabs_currency, EXCLUDED.elevenlabs_cost_estimated,
              EXCLUDED.elevenlabs_cost_basis, EXCLUDED.elevenlabs_status, EXCLUDED.termination_reason)
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
          AND (elevenlabs_status NOT IN ('done', 'failed') OR (elevenlabs_cost IS NULL AND elevenlabs_credits IS NOT NULL))
          AND started_at >= now() - make_interval(hours => $2)`,
      [workspaceId, maxHours],
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
    d.map((x) => x.status),
    d.map((x) => x.startedAt.toISOString()),
    d.map((x) => x.durationSeconds),
    d.map((x) => x.credits),
    d.map((x) => (x.charging ? JSON.stringify(x.charging) : null)),
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
