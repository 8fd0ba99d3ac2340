import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { addFigures, type Figures } from '../report-figures.js';
import { type CallRow, ReportCalls } from '../report-calls.js';
import type { ReportScope } from '../report-scope.js';
import { type Bucket, ReportingService, type Summary, summarize, type WorkspaceFigures } from '../reporting.service.js';
import { type Backlog, ExportSink, readAhead, zoneOffset } from './csv-export.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Rows asked of the cursor at a time, and written between two looks at the pipeline (about 250 KB
 * of sheet XML, 10 ms of work). Small on purpose: a batch then goes out before V8's next minor GC
 * or two. A batch of 2,000 outlived them, was promoted to the old generation with every row, and
 * the server's peak RSS rose by about 100 MB (measured at 1M rows: 303 MB against about 200 MB).
 */
const BATCH = 200;
/** Sheet XML that may wait for the deflater: beyond this the export reads no more rows until it has drained. */
const ZIP_BACKLOG_LIMIT = 1 << 20;

/** Reports are in US dollars (REPORT_CURRENCY). */
const FMT = {
  money: '"$"#,##0.00',
  callMoney: '"$"#,##0.0000',
  rate: '"$"#,##0.000000',
  count: '#,##0',
  minutes: '#,##0.00',
  share: '0.00%',
  dateTime: 'yyyy-mm-dd hh:mm:ss',
  day: 'yyyy-mm-dd',
} as const;

type Value = ExcelJS.CellValue;

export interface SheetColumn<T> {
  header: string;
  width: number;
  numFmt?: string;
  value(row: T): Value;
}

/** What the first three sheets show. */
interface ReportTables {
  summary: Summary;
  workspaces: WorkspaceFigures[];
  days: Bucket[];
}

const money = (v: string | null): Value => (v === null ? undefined : Number(v));
const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);
const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E9EE' } },
  border: { bottom: { style: 'thin' } },
};
const TOTAL_STYLE: Partial<ExcelJS.Style> = { font: { bold: true }, border: { top: { style: 'thin' } } };
const FROZEN_HEADER: Array<Partial<ExcelJS.WorksheetView>> = [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];

/** Columns every aggregate table shares, after its own key columns (figureTotals sums them in this order). */
function figureColumns<T extends Figures>(): SheetColumn<T>[] {
  return [
    { header: 'Calls', width: 10, numFmt: FMT.count, value: (r) => r.calls },
    { header: 'Minutes', width: 12, numFmt: FMT.minutes, value: (r) => r.seconds / 60 },
    { header: 'Twilio cost', width: 14, numFmt: FMT.money, value: (r) => money(r.twilioCost) },
    { header: 'ElevenLabs cost', width: 16, numFmt: FMT.money, value: (r) => money(r.elevenlabsCost) },
    { header: 'Total cost', width: 14, numFmt: FMT.money, value: (r) => money(r.totalCost) },
    { header: 'Cost per minute', width: 16, numFmt: FMT.rate, value: (r) => money(r.costPerMinute) },
    { header: 'Cost per call', width: 14, numFmt: FMT.rate, value: (r) => money(r.costPerCall) },
    { header: 'ElevenLabs credits', width: 18, value: (r) => Number(r.elevenlabsCredits) },
    { header: 'Unpriced calls', width: 15, numFmt: FMT.count, value: (r) => r.unpricedCalls },
    { header: 'Estimated calls', width: 15, numFmt: FMT.count, value: (r) => r.estimatedCalls },
  ];
}

/**
 * The Calls sheet's columns (the bench's bare writer uses them too). Excel has no time zones and shows
 * a date's UTC fields, so a start time is written as the zone's wall-clock time in a UTC-based Date.
 */
export function callColumns(tz: string): SheetColumn<CallRow>[] {
  const offset = zoneOffset(tz);
  const nil = (v: string | null) => v ?? undefined;
  return [
    { header: `Started (${tz})`, width: 20, numFmt: FMT.dateTime, value: (c) => new Date(c.startedAt.getTime() + offset(c.startedAt.getTime())) },
    { header: 'Workspace', width: 16, value: (c) => c.workspace },
    { header: 'Direction', width: 10, value: (c) => c.direction },
    { header: 'Status', width: 12, value: (c) => nil(c.status) },
    { header: 'Duration (s)', width: 12, numFmt: FMT.count, value: (c) => c.durationSeconds },
    { header: 'Twilio cost', width: 13, numFmt: FMT.callMoney, value: (c) => money(c.twilioCost) },
    { header: 'ElevenLabs cost', width: 15, numFmt: FMT.callMoney, value: (c) => money(c.elevenlabsCost) },
    { header: 'Total cost', width: 13, numFmt: FMT.callMoney, value: (c) => Number(c.totalCost) },
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
 * Writes rows of a table through exceljs's streaming writer. Each cell gets its column's style object
 * itself: exceljs then recognises the style by identity instead of serialising a fresh copy per cell,
 * which more than halves the time per row.
 */
export class TableWriter<T> {
  private readonly styles: Array<Partial<ExcelJS.Style>>;
  rows = 0;

  constructor(readonly sheet: ExcelJS.Worksheet, readonly columns: SheetColumn<T>[]) {
    sheet.columns = columns.map((c) => ({ width: c.width }));
    this.styles = columns.map((c) => Object.freeze(c.numFmt ? { numFmt: c.numFmt } : {}));
    const header = sheet.addRow(columns.map((c) => c.header));
    header.eachCell((cell) => (cell.style = HEADER_STYLE));
    header.commit();
  }

  add(row: T): void {
    const added = this.sheet.addRow(this.columns.map((c) => c.value(row)));
    added.eachCell((cell, n) => (cell.style = this.styles[n - 1]));
    added.commit();
    this.rows++;
  }

  /** A1:R<last row>: the header and the data, not the total row below them. */
  get range(): string {
    return `A1:${this.sheet.getColumn(this.columns.length).letter}${this.rows + 1}`;
  }

  finish(total?: Value[]): void {
    this.sheet.autoFilter = this.range;
    if (total) {
      const row = this.sheet.addRow(total);
      row.eachCell((cell, n) => (cell.style = { ...this.styles[n - 1], ...TOTAL_STYLE }));
      row.commit();
    }
    this.sheet.commit();
  }
}

/** A SUM over a column's data rows, with its exact value cached so viewers show it without recalculating. */
function sum(table: TableWriter<unknown>, column: number, result: number | null): Value {
  if (result === null) return undefined;
  const letter = table.sheet.getColumn(column).letter;
  return { formula: `SUM(${letter}2:${letter}${table.rows + 1})`, result };
}

/** The bottom row of a figures table whose key columns take `keys` places: SUMs, and ratios of the sums. */
function figureTotals(table: TableWriter<unknown>, keys: number, total: Figures, extra: Value[] = []): Value[] {
  const col = (i: number) => keys + i + 1;
  const letter = (i: number) => table.sheet.getColumn(col(i)).letter;
  const last = table.rows + 2;
  const ratio = (num: number, den: number, result: string | null): Value =>
    result === null ? undefined : { formula: `IF(${letter(den)}${last}=0,"",${letter(num)}${last}/${letter(den)}${last})`, result: Number(result) };
  return [
    'Total',
    ...Array<Value>(keys - 1).fill(undefined),
    sum(table, col(0), total.calls),
    sum(table, col(1), total.seconds / 60),
    sum(table, col(2), Number(total.twilioCost)),
    sum(table, col(3), Number(total.elevenlabsCost)),
    sum(table, col(4), Number(total.totalCost)),
    ratio(4, 1, total.costPerMinute),
    ratio(4, 0, total.costPerCall),
    sum(table, col(7), Number(total.elevenlabsCredits)),
    sum(table, col(8), total.unpricedCalls),
    sum(table, col(9), total.estimatedCalls),
    ...extra,
  ];
}

/** The workbook export: Summary, By workspace, By day and Calls, streamed with flat memory. */
@Injectable()
export class WorkbookExport {
  constructor(
    private readonly reports: ReportingService,
    private readonly calls: ReportCalls,
  ) {}

  /**
   * Streams the workbook into `out` and ends it; 'aborted' when the client hung up first (the query
   * is stopped). The writer starts at once, so the first bytes go out before the figures are read:
   * in a zone that is not a whole number of hours from UTC the rollups cannot answer, and reading the
   * figures from the calls themselves takes seconds at a million rows.
   */
  async write(scope: ReportScope, out: Writable, now = new Date()): Promise<'complete' | 'aborted'> {
    const sink = new ExportSink(out);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    const zip = (wb as unknown as { zip: EventEmitter & { abort(): void } }).zip;
    zip.on('error', (err: Error) => sink.fail(err));
    wb.creator = 'Simbiosia Backoffice';
    wb.created = now;
    try {
      const tables = await this.tables(scope);
      writeSummary(wb, scope, tables.summary, now);
      writeWorkspaces(wb, tables);
      writeDays(wb, tables.days);
      if (await this.writeCalls(wb, scope, sink)) {
        if (await sink.settle(wb.commit())) return 'complete';
      }
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

  /** One query after the other: a download holds at most one pooled connection at a time. */
  private async tables(scope: ReportScope): Promise<ReportTables> {
    const workspaces = await this.reports.workspaces(scope);
    const days = await this.reports.timeseries(scope, 'day');
    return { summary: summarize(scope, workspaces), workspaces, days };
  }

  /** Rows from the cursor into the sheet, a batch at a time, each after the pipeline has room; false if the client left. */
  private async writeCalls(wb: ExcelJS.stream.xlsx.WorkbookWriter, scope: ReportScope, sink: ExportSink): Promise<boolean> {
    const table = new TableWriter(wb.addWorksheet('Calls', { views: FROZEN_HEADER }), callColumns(scope.tz));
    const backlog = zipBacklog(table.sheet);
    if (sink.hungUp) return false;
    // Leaving the loop early (break) returns the generator, which closes the cursor and frees its connection.
    for await (const rows of readAhead(this.calls.stream(scope, BATCH))) {
      for (const row of rows) table.add(row);
      if (!(await sink.room(backlog))) return false;
    }
    table.finish();
    return true;
  }
}

/**
 * exceljs passes each sheet's XML to archiver through a PassThrough without heeding write()'s answer,
 * so rows produced faster than zlib deflates them pile up there (630 MB for a million rows). Waiting
 * on the response alone does not bound that: the output is small and flows freely while the deflater
 * falls behind. exceljs 4.4 keeps that PassThrough as the sheet stream's only pipe; if a later version
 * does not, the export still waits on the response.
 */
export function zipBacklog(sheet: ExcelJS.Worksheet): Backlog | undefined {
  const stream = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream;
  const input = stream?.pipes?.[0] as (EventEmitter & { _writableState?: { length: number } }) | undefined;
  if (!input?._writableState || typeof input._writableState.length !== 'number') return undefined;
  const state = input._writableState;
  return { events: input, pending: () => state.length, limit: ZIP_BACKLOG_LIMIT };
}

function writeSummary(wb: ExcelJS.stream.xlsx.WorkbookWriter, scope: ReportScope, s: Summary, now: Date): void {
  const sheet = wb.addWorksheet('Summary');
  sheet.columns = [{ width: 34 }, { width: 30 }];
  const local = (d: Date) => new Date(d.getTime() + zoneOffset(scope.tz)(d.getTime()));
  const line = (label: string, value: Value, numFmt?: string) => {
    const row = sheet.addRow([label, value]);
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.getCell(1).font = { bold: true };
    row.commit();
  };
  const title = sheet.addRow(['Simbiosia call costs']);
  title.getCell(1).font = { bold: true, size: 14 };
  title.commit();
  sheet.addRow([]).commit();
  line('Period', `${scope.from} to ${scope.to}`);
  line('From', dayDate(scope.from), FMT.day);
  line('To (inclusive)', dayDate(scope.to), FMT.day);
  line('Time zone', `${scope.tz} (every date and time in this workbook is local time there)`);
  line('Currency', s.currency);
  line('Workspace', scope.workspace ? `${scope.workspace.slug} (${scope.workspace.name})` : 'All workspaces');
  line('Agent', scope.agent ?? 'All agents');
  line('Direction', scope.direction ?? 'All directions');
  line('Status', scope.status ?? 'All statuses');
  line('Generated at', local(now), FMT.dateTime);
  sheet.addRow([]).commit();
  line('Calls', s.calls, FMT.count);
  line('Minutes', s.seconds / 60, FMT.minutes);
  line('Twilio cost', Number(s.twilioCost), FMT.money);
  line('ElevenLabs cost', Number(s.elevenlabsCost), FMT.money);
  line('Total cost', Number(s.totalCost), FMT.money);
  line('Cost per minute', money(s.costPerMinute), FMT.rate);
  line('Cost per call', money(s.costPerCall), FMT.rate);
  line('ElevenLabs credits', Number(s.elevenlabsCredits));
  line('Unpriced calls (Twilio price pending)', s.unpricedCalls, FMT.count);
  line('Unpriced share', money(s.unpricedShare), FMT.share);
  line('Estimated calls (ElevenLabs cost estimated)', s.estimatedCalls, FMT.count);
  line('Estimated share', money(s.estimatedShare), FMT.share);
  if (s.clientRevenue !== null) line('Client revenue (priced workspaces)', Number(s.clientRevenue), FMT.money);
  if (s.margin !== null) line('Margin (priced workspaces)', Number(s.margin), FMT.money);
  sheet.commit();
}

function writeWorkspaces(wb: ExcelJS.stream.xlsx.WorkbookWriter, { summary, workspaces }: ReportTables): void {
  const table = new TableWriter<WorkspaceFigures>(wb.addWorksheet('By workspace', { views: FROZEN_HEADER }), [
    { header: 'Workspace', width: 18, value: (w) => w.slug },
    { header: 'Name', width: 24, value: (w) => w.name },
    ...figureColumns<WorkspaceFigures>(),
    { header: 'Client price per minute', width: 22, numFmt: FMT.rate, value: (w) => money(w.clientPricePerMinute) },
    { header: 'Client revenue', width: 15, numFmt: FMT.money, value: (w) => money(w.clientRevenue) },
    { header: 'Margin', width: 14, numFmt: FMT.money, value: (w) => money(w.margin) },
  ]);
  for (const w of workspaces) table.add(w);
  const revenue = summary.clientRevenue === null ? null : Number(summary.clientRevenue);
  const margin = summary.margin === null ? null : Number(summary.margin);
  table.finish(figureTotals(table, 2, addFigures(workspaces), [undefined, sum(table, 14, revenue), sum(table, 15, margin)]));
}

function writeDays(wb: ExcelJS.stream.xlsx.WorkbookWriter, days: Bucket[]): void {
  const table = new TableWriter<Bucket>(wb.addWorksheet('By day', { views: FROZEN_HEADER }), [
    { header: 'Day', width: 12, numFmt: FMT.day, value: (d) => dayDate(d.bucket) },
    ...figureColumns<Bucket>(),
  ]);
  for (const d of days) table.add(d);
  table.finish(figureTotals(table, 1, addFigures(days)));
}
