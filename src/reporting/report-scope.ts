import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isIdOrSlug, UUID } from '../common/input-rules.js';
import { AppConfig } from '../config/app-config.js';
import type { ReportQueryDto } from './dto/report-query.dto.js';

/** Longest period one report may span. */
const MAX_DAYS = 1100;

export interface ScopeWorkspace {
  id: string;
  slug: string;
  name: string;
  currency: string;
}

/** A validated report request: the calendar period in its zone, the UTC instants it spans, the filters. */
export interface ReportScope {
  from: string;
  to: string;
  tz: string;
  /** Local midnight of `from`, as an instant. */
  start: Date;
  /** Local midnight after `to`, as an instant (exclusive). */
  end: Date;
  /** Every local midnight in the period falls on a whole UTC hour, so hourly rollups answer exactly. */
  hourAligned: boolean;
  workspace: ScopeWorkspace | null;
  agent?: string;
  direction?: string;
  status?: string;
}

/** Turns query parameters into a ReportScope, or a 400 naming what is wrong. */
@Injectable()
export class ReportScopeResolver {
  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {}

  async resolve(query: ReportQueryDto): Promise<ReportScope> {
    const tz = query.tz ?? this.config.reporting.timezone;
    if (!isTimeZone(tz)) throw new BadRequestException(`tz '${tz}' is not an IANA time zone such as Europe/Madrid`);
    const to = query.to ?? todayIn(tz);
    const from = query.from ?? `${to.slice(0, 8)}01`;
    for (const [name, value] of [['from', from], ['to', to]] as const) {
      if (!isCalendarDate(value)) throw new BadRequestException(`${name} '${value}' is not a real calendar date`);
    }
    if (from > to) throw new BadRequestException(`from (${from}) must not be after to (${to})`);
    if (daysBetween(from, to) > MAX_DAYS) throw new BadRequestException(`the period may span at most ${MAX_DAYS} days`);
    const workspace = query.workspace ? await this.workspace(query.workspace) : null;
    const [row] = await this.ds.query<Array<{ start: Date; end: Date; aligned: boolean | null }>>(
      `SELECT ($1::date)::timestamp AT TIME ZONE $3 AS start, ($2::date + 1)::timestamp AT TIME ZONE $3 AS "end",
              bool_and(extract(minute FROM (d::timestamp AT TIME ZONE $3)) = 0) AS aligned
         FROM generate_series($1::date, $2::date + 1, interval '1 day') AS d`,
      [from, to, tz],
    );
    return {
      from,
      to,
      tz,
      start: new Date(row.start),
      end: new Date(row.end),
      hourAligned: row.aligned === true,
      workspace,
      agent: query.agent,
      direction: query.direction,
      status: query.status,
    };
  }

  private async workspace(key: string): Promise<ScopeWorkspace> {
    // Callers other than the HTTP API (Slack, the panel) reach here too: nothing but an id or slug goes to SQL.
    if (!isIdOrSlug(key)) throw new BadRequestException('workspace must be a workspace id (uuid) or slug such as acme-dental');
    const [row] = await this.ds.query<Array<ScopeWorkspace | undefined>>(
      `SELECT id, slug, name, currency FROM workspaces WHERE ${UUID.test(key) ? 'id = $1::uuid' : 'slug = $1'}`,
      [key],
    );
    if (!row) throw new BadRequestException(`unknown workspace '${key}' (give its id or slug)`);
    return row;
  }
}

const knownZones = new Set<string>();

/** Building an Intl formatter costs about half a millisecond: remember the zones already seen valid. */
export function isTimeZone(tz: string): boolean {
  if (knownZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    knownZones.add(tz);
    return true;
  } catch {
    return false;
  }
}

export function todayIn(tz: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function isCalendarDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The last calendar day of a `YYYY-MM` month, as `YYYY-MM-DD`. */
export function lastDayOfMonth(month: string): string {
  const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}
