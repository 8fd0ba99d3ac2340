import { Injectable } from '@nestjs/common';
import { plainDecimal } from '../common/money.js';
import Cursor from 'pg-cursor';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { CallStatus } from '../entities/index.js';
import type { CALL_SORTS } from './dto/report-query.dto.js';
import type { ReportScope } from './report-scope.js';
import { MissingRateError, rateInForceSql } from '../exchange-rates/exchange-rates.service.js';
import { convertedAmountSql } from './report-conversion.js';
import { callFilters, callTotalCostSql, elevenlabsCurrencySql, twilioCurrencySql, twilioPricePendingSql } from './report-source.js';

/** One call as reports list it; money as exact decimal strings. */
export interface CallRow {
  id: string;
  startedAt: Date;
  workspace: string;
  agentId: string | null;
  direction: string;
  from: string | null;
  to: string | null;
  status: CallStatus | null;
  durationSeconds: number;
  /** In the report's currency, at the rate of the call's UTC day. */
  twilioCost: string | null;
  /** As Twilio billed it, in `twilioPriceUnit`. */
  twilioCostBilled: string | null;
  twilioPriceUnit: string | null;
  twilioPriceFinal: boolean;
  /** Twilio has the call but not its final price yet: the cost shown is what is priced so far. */
  twilioPricePending: boolean;
  /** In the report's currency, at the rate of the call's UTC day. */
  elevenlabsCost: string | null;
  /** As ElevenLabs was priced, in `elevenlabsCurrency`. */
  elevenlabsCostBilled: string | null;
  elevenlabsCurrency: string | null;
  elevenlabsCredits: string | null;
  elevenlabsCostBasis: string | null;
  /** twilioCost + elevenlabsCost, in the report's currency. */
  totalCost: string;
  twilioCallSid: string | null;
  elevenlabsConversationId: string | null;
  terminationReason: string | null;
}

const SORT_SQL: Record<(typeof CALL_SORTS)[number], string> = {
  startedAt: 'c.started_at',
  durationSeconds: 'c.duration_seconds',
  twilioCost: 'COALESCE(c.twilio_cost, 0)',
  elevenlabsCost: 'COALESCE(c.elevenlabs_cost, 0)',
  totalCost: callTotalCostSql('c'),
};

const UTC_DAY = "(c.started_at AT TIME ZONE 'UTC')::date";
const TWILIO_UNIT = twilioCurrencySql('c');
const ELEVENLABS_UNIT = elevenlabsCurrencySql('c');

/**
 * The calls of `where` (over calls c), taken in `order` (`limit`: a page), with their listed columns:
 * money converted into the currency bound at `target` ($n) at the rate of each call's UTC day. Rows
 * are picked first and converted after, so a page converts its own rows only.
 */
function listSql(target: string, where: string, order: string, limit = ''): string {
  const twilio = convertedAmountSql('c.twilio_cost', TWILIO_UNIT, UTC_DAY, target);
  const elevenlabs = convertedAmountSql('c.elevenlabs_cost', ELEVENLABS_UNIT, UTC_DAY, target);
  return `SELECT c.id, c.started_at AS "startedAt", c.workspace_slug AS workspace, c.agent_id AS "agentId", c.direction,
                 c.from_number AS "from", c.to_number AS "to", c.status, c.duration_seconds AS "durationSeconds",
                 v.twilio AS "twilioCost", c.twilio_cost AS "twilioCostBilled", c.twilio_price_unit AS "twilioPriceUnit",
                 c.twilio_price_final AS "twilioPriceFinal", ${twilioPricePendingSql('c')} AS "twilioPricePending",
                 v.elevenlabs AS "elevenlabsCost", c.elevenlabs_cost AS "elevenlabsCostBilled", c.elevenlabs_currency AS "elevenlabsCurrency",
                 c.elevenlabs_credits AS "elevenlabsCredits", c.elevenlabs_cost_basis AS "elevenlabsCostBasis",
                 COALESCE(v.twilio, 0) + COALESCE(v.elevenlabs, 0) AS "totalCost",
                 c.twilio_call_sid AS "twilioCallSid", c.elevenlabs_conversation_id AS "elevenlabsConversationId",
                 c.termination_reason AS "terminationReason",
                 -- A billed amount that found no rate: the 400 names the currency and the day.
                 CASE WHEN (c.twilio_cost IS NOT NULL AND v.twilio IS NULL) OR (c.elevenlabs_cost IS NOT NULL AND v.elevenlabs IS NULL) THEN
                   CASE WHEN NOT EXISTS (SELECT 1 FROM ${rateInForceSql(target, UTC_DAY)} t) THEN ${target}::text
                        WHEN c.twilio_cost IS NOT NULL AND v.twilio IS NULL THEN ${TWILIO_UNIT} ELSE ${ELEVENLABS_UNIT} END
                 END AS "unconvertible",
                 ${UTC_DAY}::text AS "utcDay"
            FROM (SELECT c.*, w.slug AS workspace_slug FROM calls c JOIN workspaces w ON w.id = c.workspace_id
                   WHERE ${where} ORDER BY ${order} ${limit}) c
            CROSS JOIN LATERAL (SELECT ${twilio} AS twilio, ${elevenlabs} AS elevenlabs) v
           ORDER BY ${order}`;
}

export interface CallsPage {
  page: number;
  pageSize: number;
  total: number;
  items: CallRow[];
}

/** Leads the export cursor's SQL, so an operator (and a test) can find it in pg_stat_activity. */
export const STREAM_TAG = '/* report-calls stream */';

type ListedRow = CallRow & { unconvertible: string | null; utcDay: string };

/**
 * numeric text from PostgreSQL carries the column's scale ("0.0135000000"); JSON shows "0.0135".
 * A row whose amount found no rate stops the listing with the 400 that names the currency and day.
 */
function listed({ unconvertible, utcDay, ...row }: ListedRow): CallRow {
  if (unconvertible !== null) throw new MissingRateError(unconvertible, utcDay);
  return {
    ...row,
    twilioCost: plainDecimal(row.twilioCost),
    twilioCostBilled: plainDecimal(row.twilioCostBilled),
    elevenlabsCost: plainDecimal(row.elevenlabsCost),
    elevenlabsCostBilled: plainDecimal(row.elevenlabsCostBilled),
    elevenlabsCredits: plainDecimal(row.elevenlabsCredits),
    totalCost: plainDecimal(row.totalCost),
  };
}

/** Calls of a scope: a sorted page for the API, or every row through a cursor for exports. */
@Injectable()
export class ReportCalls {
  constructor(private readonly ds: DataSource) {}

  /**
   * Sorting by money sorts by the amounts as billed (the CallCostIndex index), which is the converted
   * order whenever a scope's calls are billed in one currency.
   */
  async page(scope: ReportScope, sort: (typeof CALL_SORTS)[number], order: 'asc' | 'desc', page: number, pageSize: number): Promise<CallsPage> {
    const params: unknown[] = [scope.currency];
    const where = callFilters(scope, params);
    const dir = order === 'asc' ? 'ASC' : 'DESC';
    const sql = listSql('$1', where, `${SORT_SQL[sort]} ${dir}, c.id ${dir}`, `LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
    const countParams: unknown[] = [];
    const [items, [{ total }]] = await Promise.all([
      this.ds.query<ListedRow[]>(sql, params),
      this.ds.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM calls c WHERE ${callFilters(scope, countParams)}`, countParams),
    ]);
    return { page, pageSize, total, items: items.map(listed) };
  }

  /**
   * Every call of the scope in start order, `batch` rows at a time from a server-side cursor: the
   * next batch is read only when the consumer asks, so a slow client slows the query instead of
   * filling memory, and a consumer that stops (a client that hung up) closes the cursor.
   */
  async *stream(scope: ReportScope, batch = 2000): AsyncGenerator<CallRow[]> {
    const params: unknown[] = [scope.currency];
    // Named up front: pg_stat_activity keeps only the first 1 kB of a query's text.
    const sql = `${STREAM_TAG} ${listSql('$1', callFilters(scope, params), 'c.started_at, c.id')}`;
    const runner = this.ds.createQueryRunner('slave');
    const client = (await runner.connect()) as PoolClient;
    const cursor = client.query(new Cursor<ListedRow>(sql, params));
    try {
      for (;;) {
        const rows = await cursor.read(batch);
        if (rows.length === 0) return;
        yield rows.map(listed);
      }
    } finally {
      await cursor.close().catch(() => undefined);
      await runner.release();
    }
  }
}
