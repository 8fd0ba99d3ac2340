import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConversationState } from '../entities/index.js';
import type { PendingDay } from './revisit-plan.js';

/**
 * SQL: the item was last read (`last`) long enough ago to ask again. The older the call, the less
 * often: a quarter of its age, at least an hour, at most a day. A sync right after another asks
 * nothing again, and a leg that stays unpriced for weeks costs one request a day, not one a run.
 */
function due(last: string, started: string): string {
  return `${last} < now() - LEAST(interval '24 hours', GREATEST(interval '1 hour', (now() - ${started}) / 4))`;
}

/**
 * SQL: old unpriced Twilio legs, parents and child legs, started before `before` and due to be asked
 * again, with their workspace, UTC day and when they were last asked; one workspace's when given.
 * Placeholders are passed in (`$1`...).
 */
function pendingTwilioLegs(before: string, workspace?: string): string {
  const own = (col: string) => (workspace ? `AND ${col} = ${workspace}` : '');
  return `SELECT workspace_id, twilio_call_sid AS sid, false AS child, (started_at AT TIME ZONE 'UTC')::date AS day,
                 twilio_price_checked_at AS checked
            FROM calls
           WHERE twilio_synced_at IS NOT NULL AND twilio_own_cost IS NULL AND twilio_gone_at IS NULL AND started_at < ${before}
             AND ${due('COALESCE(twilio_price_checked_at, twilio_synced_at)', 'started_at')} ${own('workspace_id')}
          UNION ALL
          SELECT c.workspace_id, l.sid, true, (COALESCE(l.started_at, c.started_at) AT TIME ZONE 'UTC')::date, l.price_checked_at
            FROM twilio_child_legs l JOIN calls c ON c.twilio_call_sid = l.parent_call_sid
           WHERE l.cost IS NULL AND l.gone_at IS NULL AND c.started_at < ${before}
             AND ${due('COALESCE(l.price_checked_at, l.synced_at)', 'c.started_at')} ${own('c.workspace_id')}`;
}

/** SQL: old conversations not final yet (final states in `finals`), started before `before` and due again. */
function pendingConversationsSql(before: string, finals: string, workspace?: string): string {
  return `SELECT workspace_id, elevenlabs_conversation_id AS id, elevenlabs_checked_at AS checked, started_at FROM calls
           WHERE elevenlabs_synced_at IS NOT NULL AND NOT (elevenlabs_status = ANY(${finals}::conversation_state[])) AND elevenlabs_gone_at IS NULL
             AND started_at < ${before} AND ${due('COALESCE(elevenlabs_checked_at, elevenlabs_synced_at)', 'started_at')}
             ${workspace ? `AND workspace_id = ${workspace}` : ''}`;
}

/**
 * Old legs and conversations still waiting for a vendor's final figure. Older than the age the
 * listing window reaches back to (SYNC_PRICE_PENDING_MAX_HOURS), they are asked about one by one or
 * by day, least recently asked first, for as long as the vendor keeps them.
 */
@Injectable()
export class RevisitRepository {
  constructor(private readonly ds: DataSource) {}

  /** Old unpriced Twilio legs per workspace: what each would ask for this run, to share the budget. */
  async twilioNeeds(before: Date): Promise<Map<string, number>> {
    const rows: Array<{ workspace_id: string; legs: number }> = await this.ds.query(`SELECT workspace_id, count(*)::int AS legs FROM (${pendingTwilioLegs('$1')}) p GROUP BY 1`, [
      before,
    ]);
    return new Map(rows.map((r) => [r.workspace_id, r.legs]));
  }

  /**
   * Up to `limit` old unpriced legs of the workspace grouped by UTC day, the day holding the least
   * recently asked leg first, with what re-listing each day would page through.
   */
  async twilioPendingDays(workspaceId: string, before: Date, limit: number): Promise<PendingDay[]> {
    const legs: Array<{ sid: string; child: boolean; day: string }> = await this.ds.query(
      `SELECT sid, child, day::text AS day FROM (${pendingTwilioLegs('$2', '$1')}) p ORDER BY checked NULLS FIRST, day, sid LIMIT $3`,
      [workspaceId, before, limit],
    );
    const days = new Map<string, PendingDay>();
    for (const leg of legs) {
      const day = days.get(leg.day) ?? { day: leg.day, legs: [], listed: [] };
      day.legs.push({ sid: leg.sid, child: leg.child });
      days.set(leg.day, day);
    }
    if (!days.size) return [];
    const sorted = [...days.keys()].sort();
    // Each of our calls that day once as 'to' its number and once as 'from' it: what each listing pages through.
    const listed: Array<{ day: string; number: string; side: 'to' | 'from'; legs: number }> = await this.ds.query(
      `SELECT (c.started_at AT TIME ZONE 'UTC')::date::text AS day, n.number, n.side, count(*)::int AS legs
         FROM calls c CROSS JOIN LATERAL (VALUES ('to', c.to_number), ('from', c.from_number)) AS n(side, number)
        WHERE c.workspace_id = $1 AND c.twilio_synced_at IS NOT NULL AND n.number IS NOT NULL
          AND c.started_at >= ($3::date)::timestamp AT TIME ZONE 'UTC' AND c.started_at < ($4::date + 1)::timestamp AT TIME ZONE 'UTC'
          AND (c.started_at AT TIME ZONE 'UTC')::date = ANY($2::date[])
        GROUP BY 1, 2, 3`,
      [workspaceId, sorted, sorted[0], sorted.at(-1)],
    );
    for (const l of listed) days.get(l.day)?.listed.push({ number: l.number, side: l.side, legs: l.legs });
    return [...days.values()];
  }

  /** Remembers that the legs were asked about, so the next run starts with others. */
  async twilioChecked(legs: Array<{ sid: string; child: boolean }>, gone: Set<string> = new Set()): Promise<void> {
    const parents = legs.filter((l) => !l.child).map((l) => l.sid);
    const children = legs.filter((l) => l.child).map((l) => l.sid);
    const goneList = [...gone];
    if (parents.length) {
      await this.ds.query(
        `UPDATE calls SET twilio_price_checked_at = now(), twilio_gone_at = CASE WHEN twilio_call_sid = ANY($2::text[]) THEN now() ELSE twilio_gone_at END
          WHERE twilio_call_sid = ANY($1::text[])`,
        [parents, goneList],
      );
    }
    if (children.length) {
      await this.ds.query(
        `UPDATE twilio_child_legs SET price_checked_at = now(), gone_at = CASE WHEN sid = ANY($2::text[]) THEN now() ELSE gone_at END
          WHERE sid = ANY($1::text[])`,
        [children, goneList],
      );
    }
  }

  /** Every unpriced leg of the workspace that day, once the day has been listed again. */
  async twilioDayChecked(workspaceId: string, day: string): Promise<void> {
    await this.ds.query(
      `UPDATE calls SET twilio_price_checked_at = now()
        WHERE workspace_id = $1 AND twilio_own_cost IS NULL
          AND started_at >= ($2::date)::timestamp AT TIME ZONE 'UTC' AND started_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'`,
      [workspaceId, day],
    );
    await this.ds.query(
      `UPDATE twilio_child_legs l SET price_checked_at = now() FROM calls c
        WHERE c.twilio_call_sid = l.parent_call_sid AND c.workspace_id = $1 AND l.cost IS NULL
          AND COALESCE(l.started_at, c.started_at) >= ($2::date)::timestamp AT TIME ZONE 'UTC'
          AND COALESCE(l.started_at, c.started_at) < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'`,
      [workspaceId, day],
    );
  }

  /** Old conversations of each workspace whose detail is not final yet. */
  async conversationNeeds(before: Date, finalStatuses: readonly ConversationState[]): Promise<Map<string, number>> {
    const rows: Array<{ workspace_id: string; n: number }> = await this.ds.query(
      `SELECT workspace_id, count(*)::int AS n FROM (${pendingConversationsSql('$1', '$2')}) p GROUP BY 1`,
      [before, finalStatuses],
    );
    return new Map(rows.map((r) => [r.workspace_id, r.n]));
  }

  async pendingConversations(workspaceId: string, before: Date, finalStatuses: readonly ConversationState[], limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(`SELECT id FROM (${pendingConversationsSql('$2', '$3', '$1')}) p ORDER BY checked NULLS FIRST, started_at LIMIT $4`, [
      workspaceId,
      before,
      finalStatuses,
      limit,
    ]);
    return rows.map((r) => r.id);
  }

  async conversationsChecked(ids: string[], gone: string[]): Promise<void> {
    if (!ids.length) return;
    await this.ds.query(
      `UPDATE calls SET elevenlabs_checked_at = now(),
              elevenlabs_gone_at = CASE WHEN elevenlabs_conversation_id = ANY($2::text[]) THEN now() ELSE elevenlabs_gone_at END
        WHERE elevenlabs_conversation_id = ANY($1::text[])`,
      [ids, gone],
    );
  }
}
