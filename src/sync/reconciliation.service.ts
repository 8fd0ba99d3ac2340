import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import type { ReconciliationDay } from './dto/reconciliation-day.view.js';

export { ReconciliationDay } from './dto/reconciliation-day.view.js';

/** Twilio's account-wide daily usage against the sum of our rows, per account and UTC day. */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {}

  async daily(from: string, to: string): Promise<ReconciliationDay[]> {
    if (from > to) throw new BadRequestException(`from (${from}) must not be after to (${to})`);
    const rows: Array<Record<string, string | number>> = await this.ds.query(
      `WITH account_of AS (
         SELECT id, COALESCE(twilio_account_sid, $3) AS account_sid FROM workspaces
       ), legs AS (
         SELECT a.account_sid, (c.started_at AT TIME ZONE 'UTC')::date AS day, c.twilio_own_cost AS cost
           FROM calls c JOIN account_of a ON a.id = c.workspace_id
          WHERE c.twilio_synced_at IS NOT NULL
         UNION ALL
         SELECT a.account_sid, (l.started_at AT TIME ZONE 'UTC')::date, l.cost
           FROM twilio_child_legs l
           JOIN calls c ON c.twilio_call_sid = l.parent_call_sid
           JOIN account_of a ON a.id = c.workspace_id
       ), ours AS (
         SELECT account_sid, day, count(*)::int AS legs, COALESCE(sum(cost), 0) AS cost,
                count(*) FILTER (WHERE cost IS NULL)::int AS pending
           FROM legs WHERE day BETWEEN $1::date AND $2::date GROUP BY 1, 2
       )
       SELECT COALESCE(u.account_sid, o.account_sid) AS "accountSid", COALESCE(u.day, o.day)::text AS day,
              COALESCE(u.count, 0) AS "twilioLegs", COALESCE(u.cost, 0)::text AS "twilioCost",
              COALESCE(o.legs, 0) AS "ourLegs", COALESCE(o.cost, 0)::text AS "ourCost", COALESCE(o.pending, 0) AS "pendingLegs",
              (COALESCE(u.cost, 0) - COALESCE(o.cost, 0))::text AS difference
         FROM (SELECT * FROM twilio_usage_days WHERE category = 'calls' AND day BETWEEN $1::date AND $2::date) u
         FULL JOIN ours o ON o.account_sid = u.account_sid AND o.day = u.day
        ORDER BY 1, 2`,
      [from, to, this.config.twilio.accountSid ?? null],
    );
    return rows as unknown as ReconciliationDay[];
  }
}
