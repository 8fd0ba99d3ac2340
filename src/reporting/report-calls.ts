import { Injectable } from '@nestjs/common';
import { plainDecimal } from '../common/money.js';
import Cursor from 'pg-cursor';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { CallStatus } from '../entities/index.js';
import type { CALL_SORTS } from './dto/report-query.dto.js';
import type { ReportScope } from './report-scope.js';
import { callFilters, callTotalCostSql, twilioPricePendingSql } from './report-source.js';

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
  twilioCost: string | null;
  twilioPriceFinal: boolean;
  /** Twilio has the call but not its final price yet: the cost shown is what is priced so far. */
  twilioPricePending: boolean;
  elevenlabsCost: string | null;
  elevenlabsCredits: string | null;
  elevenlabsCostBasis: string | null;
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

const SELECT = `SELECT c.id, c.started_at AS "startedAt", w.slug AS workspace, c.agent_id AS "agentId", c.direction,
  c.from_number AS "from", c.to_number AS "to", c.status, c.duration_seconds AS "durationSeconds",
  c.twilio_cost AS "twilioCost", c.twilio_price_final AS "twilioPriceFinal",
  ${twilioPricePendingSql('c')} AS "twilioPricePending", c.elevenlabs_cost AS "elevenlabsCost",
  c.elevenlabs_credits AS "elevenlabsCredits", c.elevenlabs_cost_basis AS "elevenlabsCostBasis",
  ${callTotalCostSql('c')} AS "totalCost",
  c.twilio_call_sid AS "twilioCallSid", c.elevenlabs_conversation_id AS "elevenlabsConversationId",
  c.termination_reason AS "terminationReason"
  FROM calls c JOIN workspaces w ON w.id = c.workspace_id`;

export interface CallsPage {
  page: number;
  pageSize: number;
  total: number;
  items: CallRow[];
}

/** numeric text from PostgreSQL carries the column's scale ("0.0135000000"); JSON shows "0.0135". */
function normalizeMoney(row: CallRow): CallRow {
  return {
    ...row,
    twilioCost: plainDecimal(row.twilioCost),
    elevenlabsCost: plainDecimal(row.elevenlabsCost),
    elevenlabsCredits: plainDecimal(row.elevenlabsCredits),
    totalCost: plainDecimal(row.totalCost),
  };
}

/** Calls of a scope: a sorted page for the API, or every row through a cursor for exports. */
@Injectable()
export class ReportCalls {
  constructor(private readonly ds: DataSource) {}

  async page(scope: ReportScope, sort: (typeof CALL_SORTS)[number], order: 'asc' | 'desc', page: number, pageSize: number): Promise<CallsPage> {
    const params: unknown[] = [];
    const where = callFilters(scope, params);
    const dir = order === 'asc' ? 'ASC' : 'DESC';
    const [items, [{ total }]] = await Promise.all([
      this.ds.query<CallRow[]>(`${SELECT} WHERE ${where} ORDER BY ${SORT_SQL[sort]} ${dir}, c.id ${dir} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params),
      this.ds.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM calls c WHERE ${where}`, params),
    ]);
    return { page, pageSize, total, items: items.map(normalizeMoney) };
  }

  /**
   * Every call of the scope in start order, `batch` rows at a time from a server-side cursor: the
   * next batch is read only when the consumer asks, so a slow client slows the query instead of
   * filling memory, and a consumer that stops (a client that hung up) closes the cursor.
   */
  async *stream(scope: ReportScope, batch = 2000): AsyncGenerator<CallRow[]> {
    const params: unknown[] = [];
    const sql = `${SELECT} WHERE ${callFilters(scope, params)} ORDER BY c.started_at, c.id`;
    const runner = this.ds.createQueryRunner('slave');
    const client = (await runner.connect()) as PoolClient;
    const cursor = client.query(new Cursor<CallRow>(sql, params));
    try {
      for (;;) {
        const rows = await cursor.read(batch);
        if (rows.length === 0) return;
        yield rows;
      }
    } finally {
      await cursor.close().catch(() => undefined);
      await runner.release();
    }
  }
}
