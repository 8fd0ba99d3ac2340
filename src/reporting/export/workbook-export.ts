import type { Writable } from 'node:stream';
import { Inject, Injectable, Optional } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { type CallRow, ReportCalls } from '../report-calls.js';
import type { ReportScope } from '../report-scope.js';
import { ReportingService, summarize } from '../reporting.service.js';
import { type Backlog, ExportSink, readAhead, zoneOffset } from './csv-export.js';
import { heldBytes, sheetZipInput, workbookZip } from './exceljs-internals.js';
import { type ReportTables, writeDays, writeSummary, writeWorkspaces } from './report-sheets.js';
import { FMT, FROZEN_HEADER, money, moneyFormats, type SheetColumn, TableWriter } from './sheet-table.js';

// The bench writes the Calls sheet with the export's own writer.
export { type SheetColumn, TableWriter } from './sheet-table.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows Excel (and LibreOffice) can open on one sheet, the header row included. */
export const EXCEL_MAX_ROWS = 1_048_576;

/** Injection token of `WorkbookOptions`; unset in the app, which takes the defaults. */
export const WORKBOOK_OPTIONS = 'WORKBOOK_OPTIONS';
export interface WorkbookOptions {
  /** Rows a Calls sheet holds, header included, before the calls continue on "Calls (2)". */
  rowsPerSheet?: number;
}

/**
 * Rows asked of the cursor at a time, and written between two looks at the pipeline (about 250 KB
 * of sheet XML, 10 ms of work). Small on purpose: a batch then goes out before V8's next minor GC
 * or two. A batch of 2,000 outlived them, was promoted to the old generation with every row, and
 * the server's peak RSS rose by about 100 MB (measured at 1M rows: 303 MB against about 200 MB).
 */
const BATCH = 200;
/** Sheet XML that may wait for the deflater: beyond this the export reads no more rows until it has drained. */
const ZIP_BACKLOG_LIMIT = 1 << 20;

/**
 * The Calls sheet's columns (the bench's bare writer uses them too). Excel has no time zones and shows
 * a date's UTC fields, so a start time is written as the zone's wall-clock time in a UTC-based Date.
 * Costs are in the report's `currency`; beside each vendor's, the amount as it was billed and its currency.
 */
export function callColumns(tz: string, currency: string): SheetColumn<CallRow>[] {
  const offset = zoneOffset(tz);
  const nil = (v: string | null) => v ?? undefined;
  const fmt = moneyFormats(currency).callMoney;
  const billedIn = (unit: string | null) => (unit === null ? undefined : moneyFormats(unit).callMoney);
  return [
    { header: `Started (${tz})`, width: 20, numFmt: FMT.dateTime, value: (c) => new Date(c.startedAt.getTime() + offset(c.startedAt.getTime())) },
    { header: 'Workspace', width: 16, value: (c) => c.workspace },
    { header: 'Direction', width: 10, value: (c) => c.direction },
    { header: 'Status', width: 12, value: (c) => nil(c.status) },
    { header: 'Duration (s)', width: 12, numFmt: FMT.count, value: (c) => c.durationSeconds },
    { header: `Twilio cost (${currency})`, width: 17, numFmt: fmt, value: (c) => money(c.twilioCost) },
    { header: 'Twilio billed', width: 14, rowNumFmt: (c) => billedIn(c.twilioPriceUnit), value: (c) => money(c.twilioCostBilled) },
    { header: 'Twilio unit', width: 11, value: (c) => nil(c.twilioPriceUnit) },
    { header: `ElevenLabs cost (${currency})`, width: 21, numFmt: fmt, value: (c) => money(c.elevenlabsCost) },
    { header: 'ElevenLabs billed', width: 17, rowNumFmt: (c) => billedIn(c.elevenlabsCurrency), value: (c) => money(c.elevenlabsCostBilled) },
    { header: 'ElevenLabs currency', width: 19, value: (c) => nil(c.elevenlabsCurrency) },
    { header: `Total cost (${currency})`, width: 16, numFmt: fmt, value: (c) => Number(c.totalCost) },
    { header: 'ElevenLabs credits', width: 17, value: (c) => money(c.elevenlabsCredits) },
    { header: 'Twilio price final', width: 16, value: (c) => c.twilioPriceFinal },
    { header: 'ElevenLabs cost basis', width: 20, value: (c) => nil(c.elevenlabsCostBasis) },
    { header: 'Agent', width: 22, value: (c) => nil(c.agentId) },
    { header: 'From', width: 16, value: (c) => nil(c.from) },
    { header: 'To', width: 16, value: (c) => nil(c.to) },
    { header: 'Twilio call SID', width: 36, value: (c) => nil(c.twilioCallSid) },
    { header: 'ElevenLabs conversation', width: 34, value: (c) => nil(c.elevenlabsConversationId) },
    { header: 'Termination reason', width: 24, value: (c) => nil(c.terminationReason) },
    { header: 'Call id', width: 38, value: (c) => c.id },
  ];
}

/**
 * The calls, on as many sheets as they need: "Calls", then "Calls (2)", "Calls (3)"... each with the
 * header row and at most `rowsPerSheet` rows in all, so no sheet passes what Excel can open.
 */
class CallsSheets {
  private opened = 0;
  private table!: TableWriter<CallRow>;
  private previous?: ExcelJS.Worksheet;

  constructor(
    private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly columns: SheetColumn<CallRow>[],
    private readonly rowsPerSheet: number,
  ) {
    this.open();
  }

  add(row: CallRow): void {
    if (this.table.rows + 1 >= this.rowsPerSheet) {
      this.table.finish();
      this.previous = this.table.sheet;
      this.open();
    }
    this.table.add(row);
  }

  /**
   * The zip backlog to wait on. archiver takes one entry at a time, so a new sheet is piped only
   * once the one before it is deflated: until then, waiting on the one before it bounds memory.
   */
  backlog(): Backlog | undefined {
    return zipBacklog(this.table.sheet) ?? (this.previous && zipBacklog(this.previous));
  }

  finish(): void {
    this.table.finish();
  }

  private open(): void {
    const name = callsSheetName(this.opened++);
    this.table = new TableWriter(this.wb.addWorksheet(name, { views: FROZEN_HEADER }), this.columns);
  }
}

/** "Calls", "Calls (2)", "Calls (3)"... */
function callsSheetName(index: number): string {
  return index === 0 ? 'Calls' : `Calls (${index + 1})`;
}

/** The sheets `calls` rows take, `rowsPerSheet` rows a sheet with its header. */
export function callsSheetNames(calls: number, rowsPerSheet: number): string[] {
  const sheets = Math.max(1, Math.ceil(calls / (rowsPerSheet - 1)));
  return Array.from({ length: sheets }, (_, i) => callsSheetName(i));
}

/** The workbook export: Summary, By workspace, By day and Calls, streamed with flat memory. */
@Injectable()
export class WorkbookExport {
  readonly rowsPerSheet: number;

  constructor(
    private readonly reports: ReportingService,
    private readonly calls: ReportCalls,
    @Optional() @Inject(WORKBOOK_OPTIONS) options: WorkbookOptions = {},
  ) {
    this.rowsPerSheet = Math.min(options.rowsPerSheet ?? EXCEL_MAX_ROWS, EXCEL_MAX_ROWS);
    if (this.rowsPerSheet < 2) throw new Error('rowsPerSheet must leave room for the header and a row');
  }

  /**
   * Streams the workbook into `out` and ends it; 'aborted' when the client hung up first (the query
   * is stopped). The writer starts at once, so the first bytes go out before the figures are read:
   * in a zone that is not a whole number of hours from UTC the rollups cannot answer, and reading the
   * figures from the calls themselves takes seconds at a million rows.
   */
  async write(scope: ReportScope, out: Writable, now = new Date()): Promise<'complete' | 'aborted'> {
    const sink = new ExportSink(out);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    const zip = workbookZip(wb);
    zip.on('error', (err: Error) => sink.fail(err));
    wb.creator = 'Simbiosia Backoffice';
    wb.created = now;
    try {
      const tables = await this.tables(scope);
      // The Summary is the first tab, so it is streamed first: it names the Calls sheets from its own
      // count of calls, which the rows match (the same scope; like every figure on it, read just before).
      writeSummary(wb, scope, tables.summary, now, { names: callsSheetNames(tables.summary.calls, this.rowsPerSheet), rowsPerSheet: this.rowsPerSheet });
      writeWorkspaces(wb, tables);
      writeDays(wb, tables.days, scope.currency);
      if ((await this.writeCalls(wb, scope, sink)) && (await sink.settle(wb.commit()))) return 'complete';
      sink.rethrow();
      zip.abort();
      return 'aborted';
    } catch (err) {
      // Cut the connection before archiver winds down, or it would end the response cleanly and the
      // client would take a truncated workbook for a whole one.
      out.destroy();
      zip.abort();
      throw err;
    }
  }

  /**
   * One query after the other: a download holds at most one pooled connection at a time. The stale
   * rates are the workspace rows' (their conversion covers every amount the By day sheet converts, and
   * the client prices too), so the Summary says what the API's summary says.
   */
  private async tables(scope: ReportScope): Promise<ReportTables> {
    const { rows: workspaces, staleRates } = await this.reports.workspaceRows(scope);
    const days = await this.reports.timeseries(scope, 'day');
    return { summary: summarize(scope, workspaces, staleRates), workspaces, days };
  }

  /** Rows from the cursor into the sheets, a batch at a time, each after the pipeline has room; false if the client left. */
  private async writeCalls(wb: ExcelJS.stream.xlsx.WorkbookWriter, scope: ReportScope, sink: ExportSink): Promise<boolean> {
    const sheets = new CallsSheets(wb, callColumns(scope.tz, scope.currency), this.rowsPerSheet);
    if (sink.hungUp) return false;
    // Leaving the loop early (break) returns the generator, which closes the cursor and frees its connection.
    for await (const rows of readAhead(this.calls.stream(scope, BATCH))) {
      for (const row of rows) sheets.add(row);
      if (!(await sink.room(sheets.backlog()))) return false;
    }
    sheets.finish();
    return true;
  }
}

/**
 * exceljs passes each sheet's XML to archiver through a PassThrough without heeding write()'s answer,
 * so rows produced faster than zlib deflates them pile up there (630 MB for a million rows). Waiting
 * on the response alone does not bound that: the output is small and flows freely while the deflater
 * falls behind. That PassThrough has no public handle (see exceljs-internals.ts); if a later exceljs
 * does not have it, the export still waits on the response.
 */
export function zipBacklog(sheet: ExcelJS.Worksheet): Backlog | undefined {
  const input = sheetZipInput(sheet);
  return input && { events: input, pending: () => heldBytes(input) ?? 0, limit: ZIP_BACKLOG_LIMIT };
}
