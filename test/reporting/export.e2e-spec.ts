import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CallStatus } from '../../src/entities/index.js';
import { ReportCalls } from '../../src/reporting/report-calls.js';
import { CsvExport } from '../../src/reporting/export/csv-export.js';
import { WorkbookExport } from '../../src/reporting/export/workbook-export.js';
import { type CallSeed, insertCalls, insertBulkCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { binary, parseCsv } from './export-files.js';

const PERIOD = { from: '2026-10-01', to: '2026-10-31', tz: 'Europe/Madrid' };
const BULK = { from: '2026-09-01', to: '2026-09-30', tz: 'UTC', workspace: 'bulk' };
const BULK_CALLS = 30_000;
const office = ['soffice', 'libreoffice'].find((bin) => {
  try {
    execFileSync('which', [bin], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

const AWKWARD = ['0.0000001', '0.0133', '0.1', '0.0085', '1.2345678', '0.3333333', '0'];
const exact = (values: Array<string | number>) => values.reduce<Decimal>((a, v) => a.plus(String(v)), new Decimal(0)).toFixed();

function column(sheet: ExcelJS.Worksheet, header: string): number {
  const values = sheet.getRow(1).values as unknown[];
  const index = values.indexOf(header);
  if (index < 1) throw new Error(`no column '${header}' in ${sheet.name}: ${JSON.stringify(values)}`);
  return index;
}

function summaryValue(sheet: ExcelJS.Worksheet, label: string): ExcelJS.CellValue {
  for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === label) return sheet.getRow(r).getCell(2).value;
  throw new Error(`no '${label}' on the Summary sheet`);
}

/** The note written beside a Summary line (third column), if any. */
function summaryNote(sheet: ExcelJS.Worksheet, label: string): ExcelJS.CellValue {
  for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === label) return sheet.getRow(r).getCell(3).value;
  throw new Error(`no '${label}' on the Summary sheet`);
}

describe('/api/reports/export.xlsx and export.csv', () => {
  let t: TestApp;
  let auth: string;
  let seeds: CallSeed[];
  const get = (path: string, query: Record<string, string> = {}) => request(t.app.getHttpServer()).get(path).query(query).set('Authorization', auth);
  const download = (path: string, query: Record<string, string>) => get(path, query).buffer(true).parse(binary).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    auth = `Bearer ${t.config.secrets.apiToken}`;
    const ids = [await insertWorkspace(t.db.ds, 'acme', '0.25'), await insertWorkspace(t.db.ds, 'globex'), await insertWorkspace(t.db.ds, 'initech', '0.1')];
    seeds = Array.from({ length: 300 }, (_, i): CallSeed => ({
      workspaceId: ids[i % 3],
      // Spread over October, 2 h 23 min apart, so Madrid's change to winter time on the 25th falls inside.
      startedAt: new Date(Date.parse('2026-09-30T22:00:00Z') + i * 8_580_000).toISOString(),
      durationSeconds: 7 + ((i * 37) % 900),
      twilioCost: AWKWARD[i % AWKWARD.length],
      elevenlabsCost: AWKWARD[(i * 3 + 1) % AWKWARD.length],
      direction: i % 11 === 0 ? 'web' : i % 5 === 0 ? 'outbound' : 'inbound',
      unpriced: i % 17 === 0,
      estimated: i % 13 === 0,
      // Text from outside (an agent id as a vendor sent it) with the CSV's delimiters in it.
      agentId: i % 23 === 0 ? 'agent, "quoted"' : 'agent_a',
      status: i % 23 === 0 ? CallStatus.NoAnswer : CallStatus.Completed,
    }));
    // Known instants: 02:30 summer time, then 02:30 winter time an hour later, on the night of the change.
    seeds.push({ workspaceId: ids[0], startedAt: '2026-10-25T00:30:00Z', twilioCost: '0.2', elevenlabsCost: '0.0000001' });
    seeds.push({ workspaceId: ids[0], startedAt: '2026-10-25T01:30:00Z', twilioCost: '0.0133', elevenlabsCost: '0.01' });
    await insertCalls(t.db.ds, seeds);

    const bulk = await insertWorkspace(t.db.ds, 'bulk');
    await insertBulkCalls(t.db.ds, bulk, BULK_CALLS, 80);
  });
  afterAll(() => t.close());

  /** The outcome the exporter reported for the one download `run` makes. */
  async function outcome(Exporter: typeof WorkbookExport | typeof CsvExport, run: () => Promise<unknown>): Promise<string> {
    const write = jest.spyOn(t.app.get<{ write(...args: unknown[]): Promise<string> }>(Exporter), 'write');
    try {
      await run();
      return (await write.mock.results[0].value) as string;
    } finally {
      write.mockRestore();
    }
  }

  it('streams a workbook whose sheets hold numbers and dates and add up to the API to the cent', async () => {
    let res!: request.Response;
    expect(await outcome(WorkbookExport, async () => (res = await download('/api/reports/export.xlsx', PERIOD)))).toBe('complete');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="simbiosia-costs_2026-10-01_2026-10-31.xlsx"');
    const summary = (await get('/api/reports/summary', PERIOD).expect(200)).body;
    expect(summary.calls).toBe(seeds.length);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ExcelJS.Buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'By workspace', 'By day', 'Calls']);

    const sheet = wb.getWorksheet('Summary')!;
    expect(summaryValue(sheet, 'Period')).toBe('2026-10-01 to 2026-10-31');
    expect(summaryValue(sheet, 'Time zone')).toMatch(/^Europe\/Madrid/);
    expect(summaryValue(sheet, 'From')).toEqual(new Date('2026-10-01T00:00:00Z'));
    expect(summaryValue(sheet, 'Workspace')).toBe('All workspaces');
    expect(summaryValue(sheet, 'Calls')).toBe(summary.calls);
    for (const [label, key] of [
      ['Total cost', 'totalCost'],
      ['Twilio cost', 'twilioCost'],
      ['ElevenLabs cost', 'elevenlabsCost'],
      ['Margin (priced workspaces)', 'margin'],
    ]) {
      expect([label, summaryValue(sheet, label)]).toEqual([label, Number(summary[key])]);
    }
    // Beside each cost total, how much of it is provisional: some calls await Twilio's price, some have an estimated ElevenLabs cost.
    expect(summary.unpricedCalls).toBeGreaterThan(0);
    expect(summary.estimatedCalls).toBeGreaterThan(0);
    const pending = `${(Number(summary.unpricedShare) * 100).toFixed(2)}% of calls still await Twilio's price`;
    const estimated = `${(Number(summary.estimatedShare) * 100).toFixed(2)}% of calls have an estimated ElevenLabs cost`;
    expect([summaryNote(sheet, 'Twilio cost'), summaryNote(sheet, 'ElevenLabs cost'), summaryNote(sheet, 'Total cost')]).toEqual([
      `Provisional: ${pending}`,
      `Provisional: ${estimated}`,
      `Provisional: ${pending}; ${estimated}`,
    ]);

    const calls = wb.getWorksheet('Calls')!;
    expect(calls.rowCount).toBe(seeds.length + 1);
    const [started, duration, total, twilio, status, agent] = ['Started (Europe/Madrid)', 'Duration (s)', 'Total cost (USD)', 'Twilio cost (USD)', 'Status', 'Agent'].map((h) =>
      column(calls, h),
    );
    const rows = Array.from({ length: seeds.length }, (_, i) => calls.getRow(i + 2));
    for (const row of rows) {
      expect(row.getCell(started).value).toBeInstanceOf(Date);
      expect(typeof row.getCell(duration).value).toBe('number');
      expect(typeof row.getCell(total).value).toBe('number');
    }
    expect(rows.filter((r) => r.getCell(twilio).value === null)).toHaveLength(seeds.filter((s) => s.unpriced || s.direction === 'web').length);
    expect(calls.getRow(2).getCell(total).numFmt).toContain('$');
    expect(rows.some((r) => r.getCell(agent).value === 'agent, "quoted"')).toBe(true);
    expect(rows.some((r) => r.getCell(status).value === 'no_answer')).toBe(true);
    // Each number is written from the exact decimal, so its shortest text is that decimal: the sum is exact.
    expect(exact(rows.map((r) => r.getCell(total).value as number))).toBe(summary.totalCost);
    // Local wall-clock times: 02:30 summer time (00:30Z), then 02:30 again in winter time (01:30Z).
    const local = rows.map((r) => (r.getCell(started).value as Date).toISOString());
    expect(local.filter((d) => d === '2026-10-25T02:30:00.000Z')).toHaveLength(2);

    for (const [name, rowsExpected] of [
      ['By workspace', 4],
      ['By day', 31],
    ] as const) {
      const table = wb.getWorksheet(name)!;
      expect(table.rowCount).toBe(rowsExpected + 2);
      const totalCol = column(table, 'Total cost (USD)');
      const data = Array.from({ length: rowsExpected }, (_, i) => table.getRow(i + 2).getCell(totalCol).value as number);
      expect([name, exact(data)]).toEqual([name, summary.totalCost]);
      const bottom = table.getRow(rowsExpected + 2);
      expect(bottom.getCell(1).value).toBe('Total');
      const letter = table.getColumn(totalCol).letter;
      expect(bottom.getCell(totalCol).value).toEqual({ formula: `SUM(${letter}2:${letter}${rowsExpected + 1})`, result: Number(summary.totalCost) });
      expect((bottom.getCell(column(table, 'Calls')).value as ExcelJS.CellFormulaValue).result).toBe(summary.calls);
      expect(new Decimal(Number(summary.totalCost)).toFixed(2)).toBe(new Decimal(summary.totalCost).toFixed(2));
    }
    expect(wb.getWorksheet('By day')!.getRow(2).getCell(1).value).toEqual(new Date('2026-10-01T00:00:00Z'));

    for (const [name, rowCount] of [
      ['By workspace', 5],
      ['By day', 32],
      ['Calls', seeds.length + 1],
    ] as const) {
      const table = wb.getWorksheet(name)!;
      expect([name, table.views[0]]).toMatchObject([name, { state: 'frozen', ySplit: 1 }]);
      expect([name, table.autoFilter]).toEqual([name, `A1:${table.getColumn(table.columnCount).letter}${rowCount}`]);
      expect(table.getColumn(1).width).toBeGreaterThan(8);
    }
  });

  it('streams the calls as CSV with exact money and local times with their offset', async () => {
    let res!: request.Response;
    expect(await outcome(CsvExport, async () => (res = await download('/api/reports/export.csv', PERIOD)))).toBe('complete');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="simbiosia-costs_2026-10-01_2026-10-31.csv"');
    const [header, ...rows] = parseCsv((res.body as Buffer).toString('utf8'));
    expect(rows).toHaveLength(seeds.length);
    const summary = (await get('/api/reports/summary', PERIOD).expect(200)).body;
    const at = (key: string) => header.indexOf(key);
    expect(exact(rows.map((r) => r[at('totalCost (USD)')]))).toBe(summary.totalCost);
    expect(exact(rows.map((r) => r[at('twilioCost (USD)')] || '0'))).toBe(summary.twilioCost);
    expect(rows.map((r) => r[at('twilioCost (USD)')])).toContain('0.0000001');
    expect(rows.map((r) => r[at('agentId')])).toContain('agent, "quoted"');
    expect(rows.map((r) => r[at('status')])).toContain('no_answer');
    const times = rows.map((r) => r[at('startedAt')]);
    expect(times).toEqual(expect.arrayContaining(['2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00']));
  });

  it('names the workspace in the file name and exports only its calls', async () => {
    const res = await download('/api/reports/export.csv', { ...PERIOD, workspace: 'acme' });
    expect(res.headers['content-disposition']).toBe('attachment; filename="simbiosia-costs_2026-10-01_2026-10-31_acme.csv"');
    const [, ...rows] = parseCsv((res.body as Buffer).toString('utf8'));
    const summary = (await get('/api/reports/summary', { ...PERIOD, workspace: 'acme' }).expect(200)).body;
    expect(rows).toHaveLength(summary.calls);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['acme']));
  });

  it.each(['export.xlsx', 'export.csv'])('answers bad input to %s with a 400 in JSON, not a broken download', async (path) => {
    for (const [query, reason] of [
      [{ from: '2026-02-30', to: '2026-03-01' }, /from '2026-02-30' is not a real calendar date/],
      [{ workspace: 'nobody' }, /unknown workspace 'nobody'/],
      [{ tz: 'Mars/Olympus' }, /tz 'Mars\/Olympus' is not an IANA time zone/],
      [{ bucket: 'day' }, /property bucket should not exist/],
    ] as const) {
      const res = await get(`/api/reports/${path}`, query as Record<string, string>).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(JSON.stringify(res.body.message)).toMatch(reason);
    }
    await request(t.app.getHttpServer()).get(`/api/reports/${path}`).expect(401);
  });

  (office ? it : it.skip)('opens in LibreOffice (headless) showing the summary figures', async () => {
    const res = await download('/api/reports/export.xlsx', PERIOD);
    const summary = (await get('/api/reports/summary', PERIOD).expect(200)).body;
    const dir = mkdtempSync(join(tmpdir(), 'export-office-'));
    try {
      const file = join(dir, 'report.xlsx');
      writeFileSync(file, res.body as Buffer);
      // Comma-separated UTF-8, cells as shown; the 12th field asks LibreOffice 7.2+ for one file per sheet.
      const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1';
      execFileSync(office as string, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', filter, '--outdir', dir, file], {
        timeout: 120_000,
        stdio: 'ignore',
      });
      const csvs = readdirSync(dir).filter((f) => f.endsWith('.csv'));
      expect(csvs.length).toBeGreaterThan(0);
      const shown = `$${Number(new Decimal(summary.totalCost).toFixed(2)).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
      const first = readFileSync(join(dir, csvs.find((f) => /Summary/.test(f)) ?? csvs[0]), 'utf8');
      expect(first).toMatch(new RegExp(`Total cost,"?${shown.replace(/[$.]/g, '\\$&')}`));
      const byWorkspace = csvs.find((f) => /By workspace/.test(f));
      // LibreOffice recalculates or shows the cached SUM: either way the bottom row shows the total.
      if (byWorkspace) expect(readFileSync(join(dir, byWorkspace), 'utf8')).toMatch(new RegExp(`^Total,.*${shown.replace(/[$.]/g, '\\$&')}`, 'm'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['export.xlsx', WorkbookExport],
    ['export.csv', CsvExport],
  ] as const)('stops the query and frees its connection when the client of %s hangs up', async (path, Exporter) => {
    const ds = t.app.get(DataSource);
    const pool = (ds.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
    const calls = t.app.get(ReportCalls);
    const exporter = t.app.get<{ write(...args: unknown[]): Promise<string> }>(Exporter);
    const stream = calls.stream.bind(calls);
    // Holds the export after its first batch, so the client hangs up while the cursor is surely open.
    let batches = 0;
    let rowsRead = 0;
    let finished = false;
    let resume!: () => void;
    const held = new Promise<void>((resolve) => (resume = resolve));
    const spy = jest.spyOn(calls, 'stream').mockImplementation(async function* (scope, batch) {
      try {
        for await (const rows of stream(scope, batch)) {
          batches++;
          rowsRead += rows.length;
          yield rows;
          await held;
        }
      } finally {
        finished = true;
      }
    });
    const write = jest.spyOn(exporter, 'write');
    const exportQueries = () =>
      ds.query<Array<{ state: string }>>(
        `SELECT state FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
            AND query LIKE '/* report-calls stream */%'`,
      );
    try {
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const query = new URLSearchParams(BULK).toString();
      const req = httpGet({ host: '127.0.0.1', port, path: `/api/reports/${path}?${query}`, headers: { authorization: auth } });
      const response = await new Promise<IncomingMessage>((resolve, reject) => req.once('response', resolve).once('error', reject));
      expect(response.statusCode).toBe(200);
      await new Promise((resolve) => response.once('data', resolve));
      await until(() => batches === 1);
      expect(await exportQueries()).toHaveLength(1);

      req.on('error', () => undefined);
      req.destroy();
      resume();

      expect(await write.mock.results[0].value).toBe('aborted');
      await until(async () => finished && (await exportQueries()).length === 0 && pool.idleCount === pool.totalCount);
      expect(rowsRead).toBeLessThan(BULK_CALLS / 2);
    } finally {
      resume();
      spy.mockRestore();
      write.mockRestore();
    }
  });
});

/** Polls for up to 5 s. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the export to stop');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
