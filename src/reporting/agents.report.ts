import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { Decimal } from '../common/money.js';
import { componentMoney } from './call-components.js';
import { assertRatesFound, type ConversionColumns, convertedSumsSql } from './report-conversion.js';
import { change, type Change } from './report-figures.js';
import { type ReportScope, ReportScopeResolver } from './report-scope.js';
import { callFilters } from './report-source.js';
import type { ComparedWith } from './reporting.service.js';

/** Money by component (call-components.ts); `total` is their sum, the calls' whole cost. */
export interface Components<T = string> {
  telephony: T;
  agentPlatform: T;
  llm: T;
  unsplit: T;
  total: T;
}

const PARTS = ['telephony', 'agentPlatform', 'llm', 'unsplit', 'total'] as const;

export interface AgentPeriod {
  calls: number;
  seconds: number;
  /** seconds / 60, 2 decimals. */
  minutes: string;
  cost: Components;
  /** Each component / minutes, 6 decimals; null without minutes. */
  costPerMinute: Components<string | null>;
}

export interface AgentRow extends AgentPeriod {
  /** Null for calls without an agent (a Twilio leg no conversation answered). */
  agentId: string | null;
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  /** The same agent in the previous period; null when it had no calls then. */
  previous: AgentPeriod | null;
  change: { calls: Change | null; minutes: Change | null; totalCost: Change | null; costPerMinute: Components<Change | null> };
}

export interface AgentsReport {
  from: string;
  to: string;
  timezone: string;
  /** ISO 4217: every amount here is in it, converted per call at the rate of its UTC day. */
  currency: string;
  workspace: string | null;
  comparedWith: ComparedWith;
  agents: AgentRow[];
}

interface RawAgent {
  agent_id: string | null;
  workspace_id: string;
  slug: string;
  name: string;
  calls: string;
  seconds: string;
  telephony: string;
  agent_platform: string;
  llm: string;
  unsplit: string;
}

/**
 * Cost per agent, by component, against the previous period by the calendar (the same rule and
 * rescoping as ReportingService.compare). Read from the calls themselves: the hourly rollups have no
 * agent. IDX_calls_agent_started serves an agent filter, IDX_calls_started the period.
 */
@Injectable()
export class AgentsReportQuery {
  constructor(
    private readonly ds: DataSource,
    private readonly scopes: ReportScopeResolver,
    private readonly clock: Clock,
  ) {}

  async report(scope: ReportScope, now: Date = this.clock.now()): Promise<AgentsReport> {
    const { scope: previousScope, comparedWith } = await this.scopes.previous(scope, now);
    const [current, previous] = await Promise.all([this.rows(scope), this.rows(previousScope)]);
    const before = new Map(previous.map((r) => [key(r), r]));
    const agents = current.map((r): AgentRow => {
      const cur = period(r);
      const was = before.get(key(r));
      const then = was ? period(was) : null;
      return {
        agentId: r.agent_id,
        workspaceId: r.workspace_id,
        workspaceSlug: r.slug,
        workspaceName: r.name,
        ...cur,
        previous: then,
        change: {
          calls: change(cur.calls, then?.calls ?? 0),
          minutes: change(cur.minutes, then?.minutes ?? '0'),
          totalCost: change(cur.cost.total, then?.cost.total ?? '0'),
          costPerMinute: mapParts((p) => change(cur.costPerMinute[p], then ? then.costPerMinute[p] : null)),
        },
      };
    });
    agents.sort((a, b) => new Decimal(b.cost.total).cmp(a.cost.total) || a.workspaceSlug.localeCompare(b.workspaceSlug) || (a.agentId ?? '').localeCompare(b.agentId ?? ''));
    return {
      from: scope.from,
      to: scope.to,
      timezone: scope.tz,
      currency: scope.currency,
      workspace: scope.workspace?.slug ?? null,
      comparedWith,
      agents,
    };
  }

  /**
   * Cost per minute by component for each day of the scope in its zone, empty days included (the
   * dashboard's chart). Days are the zone's calendar days, as in the timeseries report.
   */
  async byDay(scope: ReportScope): Promise<Array<AgentPeriod & { day: string }>> {
    const params: unknown[] = [scope.currency, scope.from, scope.to, scope.tz];
    const sums = convertedSumsSql({
      from: `calls c WHERE ${callFilters(scope, params)}`,
      keys: [['day', `(c.started_at AT TIME ZONE $4)::date`]],
      at: 'c.started_at',
      counts: CALL_COUNTS,
      money: componentMoney('c'),
      target: '$1',
    });
    const rows = await this.ds.query<Array<Partial<RawAgent> & ConversionColumns & { day: string }>>(
      // The calendar's day last: a.* carries the sums' own (null on a day without calls), and the last column of a name wins.
      `SELECT a.*, to_char(d, 'YYYY-MM-DD') AS day
         FROM generate_series($2::date, $3::date, interval '1 day') AS d
         LEFT JOIN (${sums}) a ON a.day = d::date
        ORDER BY d`,
      params,
    );
    assertRatesFound(rows);
    return rows.map((r) => ({
      day: r.day,
      ...period({
        calls: r.calls ?? '0',
        seconds: r.seconds ?? '0',
        telephony: r.telephony ?? '0',
        agent_platform: r.agent_platform ?? '0',
        llm: r.llm ?? '0',
        unsplit: r.unsplit ?? '0',
      }),
    }));
  }

  private async rows(scope: ReportScope): Promise<RawAgent[]> {
    const params: unknown[] = [scope.currency];
    const sums = convertedSumsSql({
      from: `calls c WHERE ${callFilters(scope, params)}`,
      keys: [
        ['agent_id', 'c.agent_id'],
        ['workspace_id', 'c.workspace_id'],
      ],
      at: 'c.started_at',
      counts: CALL_COUNTS,
      money: componentMoney('c'),
      target: '$1',
    });
    // Summed first, named after: the join then meets one row per agent, not one per call.
    const rows = await this.ds.query<Array<RawAgent & ConversionColumns>>(`SELECT a.*, w.slug, w.name FROM (${sums}) a JOIN workspaces w ON w.id = a.workspace_id`, params);
    assertRatesFound(rows);
    return rows;
  }
}

const CALL_COUNTS: Array<[string, string]> = [
  ['calls', 'count(*)::bigint'],
  ['seconds', 'COALESCE(sum(c.duration_seconds), 0)::bigint'],
];

function key(r: RawAgent): string {
  return `${r.workspace_id}/${r.agent_id ?? ''}`;
}

function mapParts<T>(fn: (part: (typeof PARTS)[number]) => T): Components<T> {
  return Object.fromEntries(PARTS.map((p) => [p, fn(p)])) as unknown as Components<T>;
}

/** One agent's figures: exact sums, and each component per minute (sum × 60 / seconds, 6 decimals). */
export function period(r: Pick<RawAgent, 'calls' | 'seconds' | 'telephony' | 'agent_platform' | 'llm' | 'unsplit'>): AgentPeriod {
  const seconds = new Decimal(r.seconds);
  const parts = { telephony: r.telephony, agentPlatform: r.agent_platform, llm: r.llm, unsplit: r.unsplit };
  const cost: Components = {
    telephony: new Decimal(parts.telephony).toFixed(),
    agentPlatform: new Decimal(parts.agentPlatform).toFixed(),
    llm: new Decimal(parts.llm).toFixed(),
    unsplit: new Decimal(parts.unsplit).toFixed(),
    total: Decimal.sum(parts.telephony, parts.agentPlatform, parts.llm, parts.unsplit).toFixed(),
  };
  return {
    calls: Number(r.calls),
    seconds: seconds.toNumber(),
    minutes: seconds.div(60).toFixed(2),
    cost,
    costPerMinute: mapParts((p) => (seconds.isZero() ? null : new Decimal(cost[p]).times(60).div(seconds).toFixed(6))),
  };
}
