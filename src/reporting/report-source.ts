import { sumDecimals } from '../common/money.js';
import type { MoneySum } from './report-conversion.js';
import type { ReportScope } from './report-scope.js';

/**
 * The one definition of a call's total cost, in SQL for a calls alias. The IDX_calls_total_cost
 * index (CallCostIndex migration) is on this same expression, so sorting by it is an index scan.
 */
export function callTotalCostSql(alias: string): string {
  return `(COALESCE(${alias}.twilio_cost, 0) + COALESCE(${alias}.elevenlabs_cost, 0))`;
}

/** The same for one loaded call: what is priced so far of both vendors, exactly. */
export function callTotalCost(call: { twilioCost: string | null; elevenlabsCost: string | null }): string {
  return sumDecimals([call.twilioCost, call.elevenlabsCost]);
}

/**
 * The one "unpriced" rule, in SQL for a calls alias: Twilio has the leg but not its final price yet.
 * The rollup trigger (CallRollups migration) and the IDX_calls_price_pending index spell the same.
 */
export function twilioPricePendingSql(alias: string): string {
  return `(${alias}.twilio_synced_at IS NOT NULL AND NOT ${alias}.twilio_price_final)`;
}

/**
 * The rows a report sums, as one SQL source with the same columns either way: the hourly rollups
 * when they answer exactly (whole-hour zone, no agent/direction/status filter), else the calls
 * themselves. Amounts keep the currency they were billed in (`twilio_currency`, `elevenlabs_currency`):
 * report-conversion.ts converts them. `params` collects the bind values; the returned text is a
 * subquery aliased `s`.
 */
/**
 * The currencies a call's amounts are in, in SQL for a calls alias: Twilio's price unit and the
 * ElevenLabs cost's currency, USD (the vendors' own) where a call has no amount of that vendor. The
 * rollups (RollupCurrencies migration) and the planner statistics (ConversionStatistics) spell the same.
 */
export function twilioCurrencySql(alias: string): string {
  return `COALESCE(${alias}.twilio_price_unit, 'USD')`;
}

export function elevenlabsCurrencySql(alias: string): string {
  return `COALESCE(${alias}.elevenlabs_currency, 'USD')`;
}

export function reportSource(scope: ReportScope, params: unknown[]): string {
  const useRollups = scope.hourAligned && !scope.agent && !scope.direction && !scope.status;
  if (useRollups) {
    const p = (value: unknown) => `$${params.push(value)}`;
    const ws = scope.workspace ? ` AND r.workspace_id = ${p(scope.workspace.id)}` : '';
    return `(SELECT r.workspace_id, r.hour AS at, r.calls, r.seconds, r.twilio_cost, r.twilio_currency, r.elevenlabs_cost, r.elevenlabs_currency,
                    r.elevenlabs_credits, r.unpriced_calls, r.estimated_calls
               FROM call_hourly_rollups r WHERE r.hour >= ${p(scope.start)} AND r.hour < ${p(scope.end)}${ws}) s`;
  }
  return `(SELECT c.workspace_id, c.started_at AS at, 1 AS calls, c.duration_seconds AS seconds,
                  COALESCE(c.twilio_cost, 0) AS twilio_cost, ${twilioCurrencySql('c')} AS twilio_currency,
                  COALESCE(c.elevenlabs_cost, 0) AS elevenlabs_cost, ${elevenlabsCurrencySql('c')} AS elevenlabs_currency,
                  COALESCE(c.elevenlabs_credits, 0) AS elevenlabs_credits,
                  ${twilioPricePendingSql('c')}::int AS unpriced_calls,
                  c.elevenlabs_cost_estimated::int AS estimated_calls
             FROM calls c WHERE ${callFilters(scope, params)}) s`;
}

/** The rule behind `unpriced_calls` above, for one loaded call: Twilio has its leg but no final price yet. */
export function twilioPricePending(call: { twilioSyncedAt: Date | null; twilioPriceFinal: boolean }): boolean {
  return call.twilioSyncedAt !== null && !call.twilioPriceFinal;
}

/** WHERE conditions on `calls c` for the scope's period and filters. */
export function callFilters(scope: ReportScope, params: unknown[]): string {
  const p = (value: unknown) => `$${params.push(value)}`;
  const filters = [`c.started_at >= ${p(scope.start)}`, `c.started_at < ${p(scope.end)}`];
  if (scope.workspace) filters.push(`c.workspace_id = ${p(scope.workspace.id)}`);
  if (scope.agent) filters.push(`c.agent_id = ${p(scope.agent)}`);
  if (scope.direction) filters.push(`c.direction = ${p(scope.direction)}::call_direction`);
  if (scope.status) filters.push(`c.status = ${p(scope.status)}`);
  return filters.join(' AND ');
}

/** The sums of source `s` that are not money: added as they are. */
export const COUNTS: Array<[string, string]> = [
  ['calls', 'sum(s.calls)::bigint'],
  ['seconds', 'sum(s.seconds)::bigint'],
  ['elevenlabs_credits', 'sum(s.elevenlabs_credits)'],
  ['unpriced_calls', 'sum(s.unpriced_calls)::bigint'],
  ['estimated_calls', 'sum(s.estimated_calls)::bigint'],
];

/** The vendors' amounts of source `s`, each in the currency it was billed in (report-conversion.ts converts them). */
export const VENDOR_MONEY: MoneySum[] = [
  { name: 'twilio_cost', sum: 'sum(s.twilio_cost)', currency: 's.twilio_currency' },
  { name: 'elevenlabs_cost', sum: 'sum(s.elevenlabs_cost)', currency: 's.elevenlabs_currency' },
];

export interface RawSums {
  calls: string;
  seconds: string;
  twilio_cost: string;
  elevenlabs_cost: string;
  elevenlabs_credits: string;
  unpriced_calls: string;
  estimated_calls: string;
}
