import ExcelJS from 'exceljs';
import request from 'supertest';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { binary, parseCsv } from './export-files.js';

const PERIOD = { from: '2026-11-01', to: '2026-11-30', tz: 'UTC' };
/** Text a caller or an agent can put in a call's fields, each of which a spreadsheet would run as a formula. */
const HOSTILE = ['=HYPERLINK("http://evil.example","x")', '+1', '-2', '@SUM(A1)', '\tx', '\rx'];
/**
 * The free-text columns of calls that vendors fill, and the CSV column each reaches; From and To hold
 * 32 characters. (A status is one of our enum's words, so it cannot hold such text.)
 */
const FIELDS = [
  ['agent_id', 'agentId', 64],
  ['termination_reason', 'terminationReason', 64],
  ['from_number', 'from', 32],
  ['to_number', 'to', 32],
] as const;

describe('exports of caller-controlled text that looks like a formula', () => {
  let t: TestApp;
  let auth: string;
  const download = (path: string) => request(t.app.getHttpServer()).get(path).query(PERIOD).set('Authorization', auth).buffer(true).parse(binary).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    auth = `Bearer ${t.config.secrets.apiToken}`;
    const workspace = await insertWorkspace(t.db.ds, 'acme');
    await insertCalls(
      t.db.ds,
      HOSTILE.map((_, i) => ({ workspaceId: workspace, startedAt: `2026-11-0${i + 1}T10:00:00Z` })),
    );
    // One hostile value per call, in every text column long enough to hold it.
    for (const [i, value] of HOSTILE.entries()) {
      for (const [column, , length] of FIELDS) {
        if (value.length > length) continue;
        await t.db.ds.query(`UPDATE calls SET ${column} = $1 WHERE started_at = $2`, [value, `2026-11-0${i + 1}T10:00:00Z`]);
      }
    }
    // A refund-like negative charge: money stays a number in the CSV, however it starts.
    await t.db.ds.query(`UPDATE calls SET twilio_cost = -0.068, twilio_own_cost = -0.068, elevenlabs_cost = 0 WHERE started_at = '2026-11-01T10:00:00Z'`);
  });
  afterAll(() => t.close());

  it('CSV: every text cell that starts like a formula is quoted text behind a quote mark; negative money stays a number', async () => {
    const res = await download('/api/reports/export.csv');
    const raw = (res.body as Buffer).toString('utf8');
    const [header, ...rows] = parseCsv(raw);
    expect(rows).toHaveLength(HOSTILE.length);
    const at = (key: string) => header.indexOf(key);
    let checked = 0;
    for (const [i, value] of HOSTILE.entries()) {
      for (const [, key, length] of FIELDS) {
        if (value.length > length) continue;
        expect([key, rows[i][at(key)]]).toEqual([key, `'${value}`]);
        checked++;
      }
    }
    expect(checked).toBe(HOSTILE.length * FIELDS.length - 2);
    // On the wire: quoted, quotes doubled, so no program sees a cell that starts with `=`.
    expect(raw).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(raw).toContain(`,"'+1",`);
    const money = new Set(['twilioCost (USD)', 'twilioCostBilled', 'elevenlabsCost (USD)', 'elevenlabsCostBilled', 'totalCost (USD)', 'elevenlabsCredits'].map(at));
    const formulaLike = rows.flatMap((row) => row.filter((cell, i) => !money.has(i) && /^[=+\-@\t\r]/.test(cell)));
    expect(formulaLike).toEqual([]);

    expect(rows[0][at('twilioCost (USD)')]).toBe('-0.068');
    expect(rows[0][at('twilioCostBilled')]).toBe('-0.068');
    expect(rows[0][at('totalCost (USD)')]).toBe('-0.068');
    expect(raw).toContain(',-0.068,');
    expect(raw).not.toContain(`'-0.068`);
  });

  it('workbook: the same text is written as plain string cells, never as formulas', async () => {
    const res = await download('/api/reports/export.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ExcelJS.Buffer);
    const calls = wb.getWorksheet('Calls')!;
    const headers = calls.getRow(1).values as unknown[];
    const column = (name: string) => headers.indexOf(name);
    for (const [i, value] of HOSTILE.entries()) {
      const row = calls.getRow(i + 2);
      for (const name of ['Agent', 'Termination reason']) {
        const cell = row.getCell(column(name));
        // A carriage return alone does not survive XML's line-end handling; it still reads as text.
        const expected = value === '\rx' ? expect.stringMatching(/^[\r\n]x$/) : value;
        expect([name, cell.type, cell.formula, cell.value]).toEqual([name, ExcelJS.ValueType.String, undefined, expected]);
      }
    }
    expect(calls.getRow(2).getCell(column('Twilio cost (USD)')).value).toBe(-0.068);
  });
});
