import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LedgerStatus } from '../entities/index.js';
import type { TwilioCallRecord } from '../twilio/twilio.port.js';

export interface LedgerDayState {
  day: string;
  listedAt: Date | null;
  listedTwilioCost: string | null;
}

/** Where the sync left each Twilio account-day, and the legs on numbers no workspace claims. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly ds: DataSource) {}

  /** The oldest day of the account the last sync did not leave reconciled; null when none. */
  async oldestOpenDay(accountSid: string): Promise<string | null> {
    const [row] = await this.ds.query<Array<{ day: string | null }>>(`SELECT min(day)::text AS day FROM twilio_ledger_days WHERE account_sid = $1 AND status <> 'reconciled'`, [
      accountSid,
    ]);
    return row?.day ?? null;
  }

  async hasUsage(accountSid: string): Promise<boolean> {
    const [row] = await this.ds.query<Array<{ found: boolean }>>(`SELECT EXISTS (SELECT 1 FROM twilio_usage_days WHERE account_sid = $1) AS found`, [accountSid]);
    return row.found;
  }

  async states(accountSid: string, from: string, to: string): Promise<Map<string, LedgerDayState>> {
    const rows: Array<{ day: string; listed_at: Date | null; listed_twilio_cost: string | null }> = await this.ds.query(
      `SELECT day::text AS day, listed_at, listed_twilio_cost FROM twilio_ledger_days WHERE account_sid = $1 AND day BETWEEN $2::date AND $3::date`,
      [accountSid, from, to],
    );
    return new Map(rows.map((r) => [r.day, { day: r.day, listedAt: r.listed_at, listedTwilioCost: r.listed_twilio_cost }]));
  }

  /** Which workspace holds each of these legs (as a call or a child leg of one of its calls). */
  async ownersOf(sids: string[]): Promise<Map<string, string>> {
    if (!sids.length) return new Map();
    const rows: Array<{ sid: string; workspace_id: string }> = await this.ds.query(
      `SELECT twilio_call_sid AS sid, workspace_id FROM calls WHERE twilio_call_sid = ANY($1::text[])
       UNION ALL
       SELECT l.sid, c.workspace_id FROM twilio_child_legs l JOIN calls c ON c.twilio_call_sid = l.parent_call_sid WHERE l.sid = ANY($1::text[])`,
      [sids],
    );
    return new Map(rows.map((r) => [r.sid, r.workspace_id]));
  }

  /** Each number claimed by a workspace on the account, and by which. */
  async claimedNumbers(accountSid: string, defaultAccountSid: string | null): Promise<Map<string, string>> {
    const rows: Array<{ id: string; numbers: string[] }> = await this.ds.query(
      `SELECT id, twilio_phone_numbers AS numbers FROM workspaces WHERE COALESCE(twilio_account_sid, $2) = $1 ORDER BY created_at`,
      [accountSid, defaultAccountSid],
    );
    const claims = new Map<string, string>();
    for (const w of rows) for (const n of w.numbers ?? []) if (!claims.has(n)) claims.set(n, w.id);
    return claims;
  }

  /** The day's unclaimed legs, replaced as a whole: the listing just read is the whole truth for that day. */
  async replaceUnclaimed(accountSid: string, day: string, legs: Array<{ record: TwilioCallRecord; number: string }>): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await tx.query(`DELETE FROM twilio_unclaimed_legs WHERE account_sid = $1 AND day = $2::date`, [accountSid, day]);
      if (!legs.length) return;
      await tx.query(
        `INSERT INTO twilio_unclaimed_legs (sid, account_sid, day, number, parent_call_sid, started_at, duration_seconds, cost, price_unit, synced_at)
         SELECT u.sid, $1, $2::date, u.number, u.parent, u.started_at, u.duration, u.cost, u.unit, now()
           FROM unnest($3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::int[], $8::numeric[], $9::text[])
                AS u(sid, number, parent, started_at, duration, cost, unit)
         ON CONFLICT (sid) DO UPDATE SET account_sid = EXCLUDED.account_sid, day = EXCLUDED.day, number = EXCLUDED.number,
           parent_call_sid = EXCLUDED.parent_call_sid, started_at = EXCLUDED.started_at, duration_seconds = EXCLUDED.duration_seconds,
           cost = EXCLUDED.cost, price_unit = EXCLUDED.price_unit, synced_at = now()`,
        [
          accountSid,
          day,
          legs.map((l) => l.record.sid),
          legs.map((l) => l.number),
          legs.map((l) => l.record.parentSid),
          legs.map((l) => l.record.startedAt.toISOString()),
          legs.map((l) => l.record.durationSeconds),
          legs.map((l) => l.record.cost),
          legs.map((l) => l.record.priceUnit),
        ],
      );
    });
  }

  async record(accountSid: string, days: Array<{ day: string; status: LedgerStatus; unexplained: string; twilioCost: string; listed: boolean }>): Promise<void> {
    if (!days.length) return;
    await this.ds.query(
      `INSERT INTO twilio_ledger_days (account_sid, day, status, unexplained, twilio_cost, checked_at, listed_at, listed_twilio_cost)
       SELECT $1, d.day, d.status::ledger_status, d.unexplained, d.twilio_cost, now(),
              CASE WHEN d.listed THEN now() END, CASE WHEN d.listed THEN d.twilio_cost END
         FROM unnest($2::date[], $3::text[], $4::numeric[], $5::numeric[], $6::bool[]) AS d(day, status, unexplained, twilio_cost, listed)
       ON CONFLICT (account_sid, day) DO UPDATE SET
         status = EXCLUDED.status, unexplained = EXCLUDED.unexplained, twilio_cost = EXCLUDED.twilio_cost, checked_at = now(),
         listed_at = COALESCE(EXCLUDED.listed_at, twilio_ledger_days.listed_at),
         listed_twilio_cost = COALESCE(EXCLUDED.listed_twilio_cost, twilio_ledger_days.listed_twilio_cost)`,
      [accountSid, days.map((d) => d.day), days.map((d) => d.status), days.map((d) => d.unexplained), days.map((d) => d.twilioCost), days.map((d) => d.listed)],
    );
  }
}
