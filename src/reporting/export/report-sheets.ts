import ExcelJS from 'exceljs';
import { Decimal } from 'decimal.js';
import { addFigures, type Figures, provisionalShares } from '../report-figures.js';
import type { ReportScope } from '../report-scope.js';
import { STALE_AFTER_DAYS } from '../../exchange-rates/exchange-rates.service.js';
import type { Bucket, Summary, WorkspaceFigures } from '../reporting.service.js';
import { zoneOffset } from './csv-export.js';
import { dayDate, FMT, FROZEN_HEADER, money, moneyFormats, type SheetColumn, TableWriter, type Value } from './sheet-table.js';

/** The workbook's report sheets: Summary, By workspace and By day. */

/** What the first three sheets show. */
export interface ReportTables {
  summary: Summary;
  workspaces: WorkspaceFigures[];
  days: Bucket[];
}

/**
 * Columns every aggregate table shares, after its own key columns (figureTotals sums them in this
 * order); money in the report's `currency`, which each header names.
 */
function figureColumns<T extends Figures>(currency: string): SheetColumn<T>[] {
  const fmt = moneyFormats(currency);
  return [
    { header: 'Calls', width: 10, numFmt: FMT.count, value: (r) => r.calls },
    { header: 'Minutes', width: 12, numFmt: FMT.minutes, value: (r) => r.seconds / 60 },
    { header: `Twilio cost (${currency})`, width: 17, numFmt: fmt.money, value: (r) => money(r.twilioCost) },
    { header: `ElevenLabs cost (${currency})`, width: 21, numFmt: fmt.money, value: (r) => money(r.elevenlabsCost) },
    { header: `Total cost (${currency})`, width: 17, numFmt: fmt.money, value: (r) => money(r.totalCost) },
    { header: `Cost per minute (${currency})`, width: 21, numFmt: fmt.rate, value: (r) => money(r.costPerMinute) },
    { header: `Cost per call (${currency})`, width: 19, numFmt: fmt.rate, value: (r) => money(r.costPerCall) },
    { header: 'ElevenLabs credits', width: 18, value: (r) => Number(r.elevenlabsCredits) },
    { header: 'Unpriced calls', width: 15, numFmt: FMT.count, value: (r) => r.unpricedCalls },
    { header: 'Estimated calls', width: 15, numFmt: FMT.count, value: (r) => r.estimatedCalls },
  ];
}

/** What a total row reads of its table. */
type Table = Pick<TableWriter<never>, 'sheet' | 'rows'>;

/** A SUM over a column's data rows, with its exact value cached so viewers show it without recalculating. */
function sum(table: Table, column: number, result: number | null): Value {
  if (result === null) return undefined;
  const letter = table.sheet.getColumn(column).letter;
  return { formula: `SUM(${letter}2:${letter}${table.rows + 1})`, result };
}

/** The bottom row of a figures table whose key columns take `keys` places: SUMs, and ratios of the sums. */
function figureTotals(table: Table, keys: number, total: Figures, extra: Value[] = []): Value[] {
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

/** Where the calls are, when they did not fit on one sheet. */
export interface CallSheets {
  names: string[];
  /** Rows a sheet may hold, its header included. */
  rowsPerSheet: number;
}

export function writeSummary(wb: ExcelJS.stream.xlsx.WorkbookWriter, scope: ReportScope, s: Summary, now: Date, calls: CallSheets): void {
  const sheet = wb.addWorksheet('Summary');
  sheet.columns = [{ width: 34 }, { width: 30 }, { width: 90 }];
  const local = (d: Date) => new Date(d.getTime() + zoneOffset(scope.tz)(d.getTime()));
  const fmt = moneyFormats(s.currency);
  const line = (label: string, value: Value, numFmt?: string, note?: string | null) => {
    const row = sheet.addRow(note ? [label, value, note] : [label, value]);
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.getCell(1).font = { bold: true };
    if (note) row.getCell(3).font = { italic: true };
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
  line(
    'Currency',
    s.currency,
    undefined,
    `Every amount in this workbook is in ${s.currency}, each call converted at the euro reference rate of its UTC day, except amounts as billed and client prices, each shown beside its own currency`,
  );
  for (const r of s.staleRates) {
    const days = r.from === r.to ? r.from : `${r.from} to ${r.to}`;
    line(
      'Stale exchange rate',
      `${r.currency} of ${r.publishedOn}`,
      undefined,
      `Used for ${days}, more than ${STALE_AFTER_DAYS} days after it was published: no newer ${r.currency} rate was stored`,
    );
  }
  line('Workspace', scope.workspace ? `${scope.workspace.slug} (${scope.workspace.name})` : 'All workspaces');
  line('Agent', scope.agent ?? 'All agents');
  line('Direction', scope.direction ?? 'All directions');
  line('Status', scope.status ?? 'All statuses');
  line('Generated at', local(now), FMT.dateTime);
  sheet.addRow([]).commit();
  line('Calls', s.calls, FMT.count);
  if (calls.names.length > 1) line('Calls sheets', continuation(calls));
  line('Minutes', s.seconds / 60, FMT.minutes);
  line('Twilio cost', Number(s.twilioCost), fmt.money, provisionalNote(s, 'twilio'));
  line('ElevenLabs cost', Number(s.elevenlabsCost), fmt.money, provisionalNote(s, 'elevenlabs'));
  line('Total cost', Number(s.totalCost), fmt.money, provisionalNote(s, 'total'));
  line('Cost per minute', money(s.costPerMinute), fmt.rate);
  line('Cost per call', money(s.costPerCall), fmt.rate);
  line('ElevenLabs credits', Number(s.elevenlabsCredits));
  line('Unpriced calls (Twilio price pending)', s.unpricedCalls, FMT.count);
  line('Unpriced share', money(s.unpricedShare), FMT.share);
  line('Estimated calls (ElevenLabs cost estimated)', s.estimatedCalls, FMT.count);
  line('Estimated share', money(s.estimatedShare), FMT.share);
  if (s.clientRevenue !== null) line('Client revenue (priced workspaces)', Number(s.clientRevenue), fmt.money);
  if (s.margin !== null) line('Margin (priced workspaces)', Number(s.margin), fmt.money);
  sheet.commit();
}

/**
 * Per workspace: the figures in the report's currency; the client price in the workspace's own
 * currency (the one its client pays in, named beside it), and the revenue and margin it makes, converted.
 */
export function writeWorkspaces(wb: ExcelJS.stream.xlsx.WorkbookWriter, { summary, workspaces }: ReportTables): void {
  const currency = summary.currency;
  const fmt = moneyFormats(currency);
  const columns: SheetColumn<WorkspaceFigures>[] = [
    { header: 'Workspace', width: 18, value: (w) => w.slug },
    { header: 'Name', width: 24, value: (w) => w.name },
    ...figureColumns<WorkspaceFigures>(currency),
    { header: 'Client currency', width: 15, value: (w) => w.clientCurrency },
    { header: 'Client price per minute', width: 22, rowNumFmt: (w) => moneyFormats(w.clientCurrency).rate, value: (w) => money(w.clientPricePerMinute) },
    { header: `Client revenue (${currency})`, width: 22, numFmt: fmt.money, value: (w) => money(w.clientRevenue) },
    { header: `Margin (${currency})`, width: 16, numFmt: fmt.money, value: (w) => money(w.margin) },
  ];
  const table = new TableWriter<WorkspaceFigures>(wb.addWorksheet('By workspace', { views: FROZEN_HEADER }), columns);
  for (const w of workspaces) table.add(w);
  const revenue = summary.clientRevenue === null ? null : Number(summary.clientRevenue);
  const margin = summary.margin === null ? null : Number(summary.margin);
  // Client prices are in several currencies: they have no total.
  const last = columns.length;
  table.finish(figureTotals(table, 2, addFigures(workspaces), [undefined, undefined, sum(table, last - 1, revenue), sum(table, last, margin)]));
}

export function writeDays(wb: ExcelJS.stream.xlsx.WorkbookWriter, days: Bucket[], currency: string): void {
  const table = new TableWriter<Bucket>(wb.addWorksheet('By day', { views: FROZEN_HEADER }), [
    { header: 'Day', width: 12, numFmt: FMT.day, value: (d) => dayDate(d.bucket) },
    ...figureColumns<Bucket>(currency),
  ]);
  for (const d of days) table.add(d);
  table.finish(figureTotals(table, 1, addFigures(days)));
}

/**
 * Beside a total on the Summary: how much of it is provisional, or null when fully priced. Twilio's
 * part waits for prices (counted as 0 until they come), ElevenLabs' part may be estimated.
 */
export function provisionalNote(f: Figures, part: 'twilio' | 'elevenlabs' | 'total'): string | null {
  const shares = provisionalShares(f);
  const percent = (share: string) => {
    const p = new Decimal(share).times(100);
    return p.lt(0.005) ? '< 0.01%' : `${p.toFixed(2)}%`;
  };
  const notes = [
    part !== 'elevenlabs' && shares.unpriced !== null ? `${percent(shares.unpriced)} of calls still await Twilio's price` : null,
    part !== 'twilio' && shares.estimated !== null ? `${percent(shares.estimated)} of calls have an estimated ElevenLabs cost` : null,
  ].filter((n): n is string => n !== null);
  return notes.length ? `Provisional: ${notes.join('; ')}` : null;
}

/** "Calls continue on sheets Calls (2) to Calls (3) (…)": a sheet holds at most `rowsPerSheet` rows. */
function continuation({ names, rowsPerSheet }: CallSheets): string {
  const rest = names.slice(1);
  const where = rest.length === 1 ? `sheet ${rest[0]}` : `sheets ${rest[0]} to ${rest[rest.length - 1]}`;
  const limit = rowsPerSheet.toLocaleString('en-US');
  return `Calls continue on ${where} (a sheet holds at most ${limit} rows, its header included)`;
}
