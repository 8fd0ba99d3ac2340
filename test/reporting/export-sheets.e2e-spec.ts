import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportQueryDto } from '../../src/reporting/dto/report-query.dto.js';
import { EXCEL_MAX_ROWS, WorkbookExport } from '../../src/reporting/export/workbook-export.js';
import { ReportCalls } from '../../src/reporting/report-calls.js';
import { ReportScopeResolver } from '../../src/reporting/report-scope.js';
import { ReportingService } from '../../src/reporting/reporting.service.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PERIOD = { from: '2026-11-01', to: '2026-11-30', tz: 'UTC' } as ReportQueryDto;
const CALLS = 13;

describe('the workbook splits the calls over sheets that Excel can open', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_ENABLED: 'false' });
    const workspace = await insertWorkspace(t.db.ds, 'acme');
    await insertCalls(
      t.db.ds,
      Array.from({ length: CALLS }, (_, i) => ({ workspaceId: workspace, startedAt: `2026-11-${String(i + 1).padStart(2, '0')}T09:00:00Z` })),
    );
  });
  afterAll(() => t.close());

  /** The workbook the real writer makes from the database with `rowsPerSheet`, read back. */
  async function workbook(rowsPerSheet: number): Promise<ExcelJS.Workbook> {
    const writer = new WorkbookExport(t.app.get(ReportingService), t.app.get(ReportCalls), { rowsPerSheet });
    const scope = await t.app.get(ReportScopeResolver).resolve(PERIOD);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    expect(await writer.write(scope, out)).toBe('complete');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    return wb;
  }

  const summaryLine = (wb: ExcelJS.Workbook, label: string, column = 2) => {
    const sheet = wb.getWorksheet('Summary')!;
    for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === label) return sheet.getRow(r).getCell(column).value;
    return undefined;
  };

  it('continues on "Calls (2)", "Calls (3)"... with the header on each, never more rows a sheet than the cap, and says so on the Summary', async () => {
    const wb = await workbook(5);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'By workspace', 'By day', 'Calls', 'Calls (2)', 'Calls (3)', 'Calls (4)']);
    const sheets = wb.worksheets.filter((s) => s.name.startsWith('Calls'));
    const header = (wb.getWorksheet('Calls')!.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe('Started (UTC)');
    const ids: unknown[] = [];
    for (const sheet of sheets) {
      expect([sheet.name, (sheet.getRow(1).values as unknown[]).slice(1)]).toEqual([sheet.name, header]);
      expect(sheet.rowCount).toBeLessThanOrEqual(5);
      expect([sheet.name, sheet.views[0]]).toMatchObject([sheet.name, { state: 'frozen', ySplit: 1 }]);
      expect([sheet.name, sheet.autoFilter]).toEqual([sheet.name, `A1:V${sheet.rowCount}`]);
      for (let r = 2; r <= sheet.rowCount; r++) ids.push(sheet.getRow(r).getCell(header.indexOf('Call id') + 1).value);
    }
    expect(sheets.map((s) => s.rowCount - 1)).toEqual([4, 4, 4, 1]);
    // Every call once, in start order across the sheets.
    expect(ids).toHaveLength(CALLS);
    expect(new Set(ids).size).toBe(CALLS);
    const started = sheets.flatMap((s) => Array.from({ length: s.rowCount - 1 }, (_, i) => (s.getRow(i + 2).getCell(1).value as Date).getTime()));
    expect(started).toEqual([...started].sort((a, b) => a - b));
    // Every call is priced: no total carries a provisional note beside it.
    expect(['Twilio cost', 'ElevenLabs cost', 'Total cost'].map((label) => summaryLine(wb, label, 3))).toEqual([null, null, null]);
    expect(summaryLine(wb, 'Calls')).toBe(CALLS);
    expect(summaryLine(wb, 'Calls sheets')).toBe('Calls continue on sheets Calls (2) to Calls (4) (a sheet holds at most 5 rows, its header included)');
  });

  it('keeps one Calls sheet and no note when the calls fit exactly', async () => {
    const wb = await workbook(CALLS + 1);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'By workspace', 'By day', 'Calls']);
    expect(wb.getWorksheet('Calls')!.rowCount).toBe(CALLS + 1);
    expect(summaryLine(wb, 'Calls sheets')).toBeUndefined();

    const two = await workbook(CALLS);
    expect(two.worksheets.map((s) => s.name).slice(3)).toEqual(['Calls', 'Calls (2)']);
    expect(summaryLine(two, 'Calls sheets')).toBe('Calls continue on sheet Calls (2) (a sheet holds at most 13 rows, its header included)');
  });

  it("caps the app's sheets at Excel's 1,048,576 rows, header included", () => {
    expect(EXCEL_MAX_ROWS).toBe(1_048_576);
    expect(t.app.get(WorkbookExport).rowsPerSheet).toBe(1_048_576);
  });
});
