import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isIdOrSlug, UUID } from '../common/input-rules.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { currencyOf } from '../exchange-rates/rate-input.js';
import type { CallStatus } from '../entities/index.js';
import type { ReportQueryDto } from './dto/report-query.dto.js';
import { daysBetween, isCalendarDate, type PeriodShape, previousPeriod, todayIn } from './periods.js';
import type { ComparedWith } from './reporting.service.js';

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
  /** Local midnight after `to`, as an instant (exclusive); earlier when the scope is cut at an instant (a comparison's running span). */
  end: Date;
  /** Every local midnight in the period falls on a whole UTC hour, so hourly rollups answer exactly. */
  hourAligned: boolean;
  workspace: ScopeWorkspace | null;
  /** ISO 4217: every amount of the report is converted into it (report-conversion.ts). */
  currency: string;
  agent?: string;
  direction?: string;
  status?: CallStatus;
}

/** Turns query parameters into a ReportScope, or a 400 naming what is wrong. */
@Injectable()
export class ReportScopeResolver {
  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** `until`: an instant the period stops at before the end of `to` (the previous span of a running period). */
  async resolve(query: ReportQueryDto, until?: Date): Promise<ReportScope> {
    const tz = query.tz ?? this.config.reporting.timezone;
    if (!isTimeZone(tz)) throw new BadRequestException(`tz '${tz}' is not an IANA time zone such as Europe/Madrid`);
    const to = query.to ?? todayIn(tz, this.clock.now());
    const from = query.from ?? `${to.slice(0, 8)}01`;
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!isCalendarDate(value)) throw new BadRequestException(`${name} '${value}' is not a real calendar date`);
    }
    if (from > to) throw new BadRequestException(`from (${from}) must not be after to (${to})`);
    if (daysBetween(from, to) > MAX_DAYS) throw new BadRequestException(`the period may span at most ${MAX_DAYS} days`);
    const currency = reportCurrency(query.currency ?? this.config.reporting.currency);
    const workspace = query.workspace ? await this.workspace(query.workspace) : null;
    return this.build(from, to, tz, workspace, { ...query, currency }, until);
  }

  /**
   * What `scope` is compared with (periods.previousPeriod: by the calendar, cut at `now` while it runs),
   * as a scope with the same zone and filters, and in words for the answer's `comparedWith`.
   */
  async previous(scope: ReportScope, now: Date, named?: PeriodShape): Promise<{ scope: ReportScope; comparedWith: ComparedWith }> {
    const prev = previousPeriod(scope, now, scope.tz, named);
    return {
      scope: await this.rescope(scope, prev.from, prev.to, prev.until ?? undefined),
      comparedWith: { shape: prev.shape, from: prev.from, to: prev.to, until: prev.until?.toISOString() ?? null },
    };
  }

  /** The same zone and filters over other days (a comparison's previous period): no second look-up of the workspace. */
  rescope(scope: ReportScope, from: string, to: string, until?: Date): Promise<ReportScope> {
    return this.build(from, to, scope.tz, scope.workspace, scope, until);
  }

  private async build(
    from: string,
    to: string,
    tz: string,
    workspace: ScopeWorkspace | null,
    filters: Pick<ReportScope, 'currency' | 'agent' | 'direction' | 'status'>,
    until?: Date,
  ): Promise<ReportScope> {
    const [row] = await this.ds.query<Array<{ start: Date; end: Date; aligned: boolean | null }>>(
      `SELECT ($1::date)::timestamp AT TIME ZONE $3 AS start, ($2::date + 1)::timestamp AT TIME ZONE $3 AS "end",
              bool_and(extract(minute FROM (d::timestamp AT TIME ZONE $3)) = 0) AS aligned
         FROM generate_series($1::date, $2::date + 1, interval '1 day') AS d`,
      [from, to, tz],
    );
    const end = new Date(row.end);
    const cut = until !== undefined && until < end;
    return {
      from,
      to,
      tz,
      start: new Date(row.start),
      end: cut ? until : end,
      // Hourly rollups still answer a cut on a whole UTC hour.
      hourAligned: row.aligned === true && (!cut || until.getTime() % 3_600_000 === 0),
      workspace,
      currency: filters.currency,
      agent: filters.agent,
      direction: filters.direction,
      status: filters.status,
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

/** An ISO 4217 code (any case in the request), or a 400 naming it: the API's and the panel's one check. */
export function reportCurrency(raw: string): string {
  try {
    return currencyOf(raw);
  } catch (e) {
    throw new BadRequestException((e as Error).message);
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

// The day maths lives in periods.ts; re-exported for the callers that still import it from here.
export { addDays, daysBetween, isCalendarDate, lastDayOfMonth, todayIn } from './periods.js';
