import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/input-rules.js';

export type UsageAccessState = 'ok' | 'forbidden' | 'failed' | 'unknown';

/** One UTC day: ElevenLabs' credits (null until read), ours, and vendor − ours (null without the vendor's figure). */
export interface ElevenlabsLedgerDay {
  day: string;
  vendorCredits: string | null;
  ourCredits: string;
  difference: string | null;
}

export interface ElevenlabsLedgerTotals {
  /** Sum over the days the vendor gave a figure; null when it gave none. */
  vendorCredits: string | null;
  ourCredits: string;
  /** Sum of the days' differences, so a day without the vendor's figure adds nothing. */
  difference: string | null;
}

export interface ElevenlabsLedgerWorkspace {
  id: string;
  slug: string;
  name: string;
  /** How the last read of the key's usage analytics went; `unknown` before any sync read it. */
  access: UsageAccessState;
  /** The vendor's words for `forbidden`, the error for `failed`. */
  reason: string | null;
  checkedAt: string | null;
  days: ElevenlabsLedgerDay[];
  totals: ElevenlabsLedgerTotals;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Our conversations' credits per workspace and UTC day of their start. Shared with the usage syncer,
 * which re-reads the vendor back to the oldest day that still differs. Arguments are SQL
 * placeholders (`$1`), the workspace one optional.
 */
export function ourCreditsByDaySql(from: string, to: string, workspace?: string): string {
  return `SELECT c.workspace_id, (c.started_at AT TIME ZONE 'UTC')::date AS day, sum(c.elevenlabs_credits) AS credits
            FROM calls c
           WHERE c.elevenlabs_credits IS NOT NULL
             AND c.started_at >= (${from}::date)::timestamp AT TIME ZONE 'UTC'
             AND c.started_at < (${to}::date + 1)::timestamp AT TIME ZONE 'UTC'
             ${workspace ? `AND c.workspace_id = ${workspace}` : ''}
           GROUP BY 1, 2`;
}

/**
 * ElevenLabs' side of the ledger: per workspace and UTC day, the credits its workspace usage
 * analytics reports (every product of the key's ElevenLabs workspace) against the credits of our
 * conversations. Credits are decimal text.
 */
@Injectable()
export class ElevenlabsLedgerReport {
  constructor(private readonly ds: DataSource) {}

  async daily(from: string, to: string, workspaceId?: string): Promise<ElevenlabsLedgerWorkspace[]> {
    if (!DAY.test(from) || !DAY.test(to) || Number.isNaN(Date.parse(`${from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${to}T00:00:00Z`))) {
      throw new BadRequestException('from and to must be dates as YYYY-MM-DD');
    }
    if (from > to) throw new BadRequestException(`from (${from}) must not be after to (${to})`);
    if (workspaceId !== undefined && !isUuid(workspaceId)) throw new NotFoundException(`No workspace '${workspaceId}'`);
    const params: unknown[] = [from, to, workspaceId ?? null];
    const workspaces: Array<{ id: string; slug: string; name: string; access: UsageAccessState | null; reason: string | null; checked_at: Date | null }> = await this.ds.query(
      `SELECT w.id, w.slug, w.name, a.access, a.reason, a.checked_at
           FROM workspaces w LEFT JOIN elevenlabs_usage_access a ON a.workspace_id = w.id
          WHERE ($3::uuid IS NULL AND (w.active
                 OR EXISTS (SELECT 1 FROM elevenlabs_usage_days u WHERE u.workspace_id = w.id AND u.day BETWEEN $1::date AND $2::date)
                 OR EXISTS (SELECT 1 FROM calls c WHERE c.workspace_id = w.id AND c.elevenlabs_credits IS NOT NULL
                              AND c.started_at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
                              AND c.started_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC')))
             OR w.id = $3::uuid
          ORDER BY w.name, w.slug`,
      params,
    );
    if (workspaceId !== undefined && workspaces.length === 0) throw new NotFoundException(`No workspace '${workspaceId}'`);
    const rows: Array<{ workspace_id: string; day: string; vendor: string | null; ours: string }> = await this.ds.query(
      `WITH ours AS (${ourCreditsByDaySql('$1', '$2')}),
            vendor AS (SELECT workspace_id, day, credits FROM elevenlabs_usage_days WHERE day BETWEEN $1::date AND $2::date)
       SELECT COALESCE(v.workspace_id, o.workspace_id) AS workspace_id, COALESCE(v.day, o.day)::text AS day,
              v.credits::text AS vendor, COALESCE(o.credits, 0)::text AS ours
         FROM vendor v FULL JOIN ours o ON o.workspace_id = v.workspace_id AND o.day = v.day
        WHERE $3::uuid IS NULL OR COALESCE(v.workspace_id, o.workspace_id) = $3::uuid
        ORDER BY 1, 2`,
      params,
    );
    const daysOf = new Map<string, ElevenlabsLedgerDay[]>();
    for (const r of rows) {
      const vendor = r.vendor === null ? null : new Decimal(r.vendor);
      const ours = new Decimal(r.ours);
      const day = { day: r.day, vendorCredits: vendor?.toFixed() ?? null, ourCredits: ours.toFixed(), difference: vendor?.minus(ours).toFixed() ?? null };
      const list = daysOf.get(r.workspace_id);
      if (list) list.push(day);
      else daysOf.set(r.workspace_id, [day]);
    }
    return workspaces.map((w) => {
      const days = daysOf.get(w.id) ?? [];
      return {
        id: w.id,
        slug: w.slug,
        name: w.name,
        access: w.access ?? 'unknown',
        reason: w.reason,
        checkedAt: w.checked_at ? new Date(w.checked_at).toISOString() : null,
        days,
        totals: totalsOf(days),
      };
    });
  }
}

function totalsOf(days: ElevenlabsLedgerDay[]): ElevenlabsLedgerTotals {
  const read = days.filter((d) => d.vendorCredits !== null);
  const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Decimal(0)).toFixed();
  return {
    vendorCredits: read.length ? sum(read.map((d) => d.vendorCredits!)) : null,
    ourCredits: sum(days.map((d) => d.ourCredits)),
    difference: read.length ? sum(read.map((d) => d.difference!)) : null,
  };
}
