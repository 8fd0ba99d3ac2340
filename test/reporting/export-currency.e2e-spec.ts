import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { ExchangeRates } from '../../src/exchange-rates/exchange-rates.service.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { binary, parseCsv } from './export-files.js';

const PERIOD = { from: '2026-11-01', to: '2026-11-30', tz: 'UTC', currency: 'EUR' };

/**
 * Five calls and what each costs in euros, worked out by hand from the rates set below
 * (USD 1.25 per EUR from 2026-11-02, USD 1.6 from 2026-11-05, MXN 20 from 2026-11-02; a EUR amount stays as it is).
 */
const CALLS = [
  // acme (client pays 0.25 USD a minute)
  { ws: 'acme', at: '2026-11-02T10:00:00Z', s: 120, twilio: ['0.0125', 'USD'], el: ['0.1', 'USD'], eur: ['0.01', '0.08', '0.09'] }, // ÷ 1.25
  { ws: 'acme', at: '2026-11-03T23:30:00Z', s: 60, twilio: ['0.03', 'EUR'], el: ['0.2', 'USD'], eur: ['0.03', '0.16', '0.19'] }, // USD of 11-02
  { ws: 'acme', at: '2026-11-05T08:00:00Z', s: 90, twilio: ['0.016', 'USD'], el: ['0.32', 'USD'], eur: ['0.01', '0.2', '0.21'] }, // ÷ 1.6
  // globex (client pays 5 MXN a minute)
  { ws: 'globex', at: '2026-11-05T12:00:00Z', s: 60, twilio: ['0.008', 'USD'], el: ['2', 'MXN'], eur: ['0.005', '0.1', '0.105'] }, // ÷ 1.6, ÷ 20
  // 11 days after USD's last rate: converted at it, and flagged stale.
  { ws: 'globex', at: '2026-11-16T09:00:00Z', s: 120, twilio: ['0.032', 'USD'], el: ['0.064', 'USD'], eur: ['0.02', '0.04', '0.06'] },
] as const;
const TWILIO = '0.075';
const ELEVENLABS = '0.58';
const TOTAL = '0.655';
/**
 * acme: 2 min on 11-02 (0.5 USD ÷ 1.25 = 0.4) + 1 min on 11-03 (0.25 ÷ 1.25 = 0.2) + 1.5 min on 11-05 (0.375 ÷ 1.6 = 0.234375);
 * globex: 1 min on 11-05 (5 MXN ÷ 20 = 0.25) + 2 min on 11-16 (10 MXN ÷ 20 = 0.5, MXN's rate 14 days old: stale).
 */
const REVENUE = { acme: '0.834375', globex: '0.75' };
const MARGIN = { acme: '0.344375', globex: '0.585' }; // revenue − 0.49 and − 0.165
const STALE = [
  { currency: 'MXN', from: '2026-11-16', to: '2026-11-16', publishedOn: '2026-11-02' },
  { currency: 'USD', from: '2026-11-16', to: '2026-11-16', publishedOn: '2026-11-05' },
];

/** A cell or CSV field that must hold an amount: its exact decimal text. */
function amount(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  throw new Error(`not an amount: ${JSON.stringify(v)}`);
}
/** The exact sum; an empty cell (a workspace without a client price has no revenue) adds nothing. */
const exact = (values: unknown[]) => values.reduce<Decimal>((a, v) => a.plus(v === null ? 0 : amount(v)), new Decimal(0)).toFixed();
const cents = (v: unknown) => new Decimal(amount(v)).toFixed(2);

function column(sheet: ExcelJS.Worksheet, header: string): number {
  const values = sheet.getRow(1).values as unknown[];
  const index = values.indexOf(header);
  if (index < 1) throw new Error(`no column '${header}' in ${sheet.name}: ${JSON.stringify(values)}`);
  return index;
}

/** The Summary's lines: [label, value, note] for each row with a label. */
function summaryLines(sheet: ExcelJS.Worksheet): Array<{ label: unknown; value: ExcelJS.Cell; note: unknown }> {
  return Array.from({ length: sheet.rowCount }, (_, i) => sheet.getRow(i + 1)).map((r) => ({ label: r.getCell(1).value, value: r.getCell(2), note: r.getCell(3).value }));
}

describe('exports in a requested currency', () => {
  let t: TestApp;
  let auth: string;
  const get = (path: string, query: Record<string, string>) => request(t.app.getHttpServer()).get(path).query(query).set('Authorization', auth);
  const download = (path: string, query: Record<string, string>) => get(path, query).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_ENABLED: 'false' });
    auth = `Bearer ${t.config.secrets.apiToken}`;
    const rates = t.app.get(ExchangeRates);
    await rates.setManual('USD', '2026-11-02', '1.25');
    await rates.setManual('USD', '2026-11-05', '1.6');
    await rates.setManual('MXN', '2026-11-02', '20');
    const ids = { acme: await insertWorkspace(t.db.ds, 'acme', '0.25'), globex: await insertWorkspace(t.db.ds, 'globex', '5') };
    await t.db.ds.query(`UPDATE workspaces SET currency = 'MXN' WHERE id = $1`, [ids.globex]);
    await insertCalls(
      t.db.ds,
      CALLS.map((c) => ({ workspaceId: ids[c.ws], startedAt: c.at, durationSeconds: c.s, twilioCost: c.twilio[0], elevenlabsCost: c.el[0] })),
    );
    // The factory bills in USD: these two were billed in euros and in pesos.
    await t.db.ds.query(`UPDATE calls SET twilio_price_unit = 'EUR' WHERE started_at = '2026-11-03T23:30:00Z'`);
    await t.db.ds.query(`UPDATE calls SET elevenlabs_currency = 'MXN' WHERE started_at = '2026-11-05T12:00:00Z'`);
    // A call in October, before any rate: nothing can convert it.
    const early = await insertWorkspace(t.db.ds, 'early');
    await insertCalls(t.db.ds, [{ workspaceId: early, startedAt: '2026-10-20T10:00:00Z' }]);
  });
  afterAll(() => t.close());

  it('workbook: headers name EUR, money shows €, and every total equals the hand computation', async () => {
    const res = await download('/api/reports/export.xlsx', PERIOD).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ExcelJS.Buffer);
    // The API's summary converts the same way.
    const api = (await get('/api/reports/summary', PERIOD).expect(200)).body;
    expect([api.totalCost, api.clientRevenue, api.margin, api.staleRates]).toEqual([TOTAL, '1.584375', '0.929375', STALE]);

    const summary = summaryLines(wb.getWorksheet('Summary')!);
    const line = (label: string) => summary.find((l) => l.label === label)!;
    expect(line('Currency').value.value).toBe('EUR');
    expect(line('Currency').note).toMatch(/^Every amount in this workbook is in EUR/);
    for (const [label, expected] of [
      ['Twilio cost', TWILIO],
      ['ElevenLabs cost', ELEVENLABS],
      ['Total cost', TOTAL],
      ['Client revenue (priced workspaces)', '1.584375'],
      ['Margin (priced workspaces)', '0.929375'],
    ]) {
      expect([label, line(label).value.value, line(label).value.numFmt]).toEqual([label, Number(expected), '"€"#,##0.00']);
    }
    expect(cents(line('Total cost').value.value)).toBe('0.66');
    expect(summary.filter((l) => l.label === 'Stale exchange rate').map((l) => [l.value.value, l.note])).toEqual([
      ['MXN of 2026-11-02', 'Used for 2026-11-16, more than 7 days after it was published: no newer MXN rate was stored'],
      ['USD of 2026-11-05', 'Used for 2026-11-16, more than 7 days after it was published: no newer USD rate was stored'],
    ]);

    const calls = wb.getWorksheet('Calls')!;
    expect(calls.rowCount).toBe(CALLS.length + 1);
    const col = (h: string) => column(calls, h);
    const rows = CALLS.map((_, i) => calls.getRow(i + 2));
    const values = (h: string) => rows.map((r) => r.getCell(col(h)).value);
    expect(values('Twilio cost (EUR)')).toEqual(CALLS.map((c) => Number(c.eur[0])));
    expect(values('ElevenLabs cost (EUR)')).toEqual(CALLS.map((c) => Number(c.eur[1])));
    expect(values('Total cost (EUR)')).toEqual(CALLS.map((c) => Number(c.eur[2])));
    expect(values('Twilio billed')).toEqual(CALLS.map((c) => Number(c.twilio[0])));
    expect(values('Twilio unit')).toEqual(CALLS.map((c) => c.twilio[1]));
    expect(values('ElevenLabs billed')).toEqual(CALLS.map((c) => Number(c.el[0])));
    expect(values('ElevenLabs currency')).toEqual(CALLS.map((c) => c.el[1]));
    expect([exact(values('Twilio cost (EUR)')), exact(values('ElevenLabs cost (EUR)')), exact(values('Total cost (EUR)'))]).toEqual([TWILIO, ELEVENLABS, TOTAL]);
    // Converted amounts in euros; billed ones in the currency they were billed in.
    expect(rows[0].getCell(col('Total cost (EUR)')).numFmt).toBe('"€"#,##0.0000');
    expect(rows[0].getCell(col('Twilio billed')).numFmt).toBe('"$"#,##0.0000');
    expect(rows[1].getCell(col('Twilio billed')).numFmt).toBe('"€"#,##0.0000');
    expect(rows[3].getCell(col('ElevenLabs billed')).numFmt).toBe('"MX$"#,##0.0000');
    // Each converted column sits just before its billed amount and currency.
    expect(col('Twilio billed')).toBe(col('Twilio cost (EUR)') + 1);
    expect(col('ElevenLabs billed')).toBe(col('ElevenLabs cost (EUR)') + 1);

    const byWorkspace = wb.getWorksheet('By workspace')!;
    const w = (slug: string) => byWorkspace.getRow(slug === 'acme' ? 2 : 3);
    expect([w('acme').getCell(1).value, w('globex').getCell(1).value]).toEqual(['acme', 'globex']);
    const wcol = (h: string) => column(byWorkspace, h);
    expect([w('acme').getCell(wcol('Client currency')).value, w('globex').getCell(wcol('Client currency')).value]).toEqual(['USD', 'MXN']);
    expect([w('acme').getCell(wcol('Client price per minute')).value, w('globex').getCell(wcol('Client price per minute')).value]).toEqual([0.25, 5]);
    expect(w('acme').getCell(wcol('Client price per minute')).numFmt).toBe('"$"#,##0.000000');
    expect(w('globex').getCell(wcol('Client price per minute')).numFmt).toBe('"MX$"#,##0.000000');
    expect([w('acme').getCell(wcol('Client revenue (EUR)')).value, w('globex').getCell(wcol('Client revenue (EUR)')).value]).toEqual([
      Number(REVENUE.acme),
      Number(REVENUE.globex),
    ]);
    expect([w('acme').getCell(wcol('Margin (EUR)')).value, w('globex').getCell(wcol('Margin (EUR)')).value]).toEqual([Number(MARGIN.acme), Number(MARGIN.globex)]);
    expect(w('globex').getCell(wcol('Margin (EUR)')).numFmt).toBe('"€"#,##0.00');

    // Both tables: rows that add up to the hand totals exactly, and a bottom row whose SUM shows them.
    for (const [name, dataRows, totals] of [
      // early, with no call in November, is listed with zeros.
      [
        'By workspace',
        3,
        { 'Twilio cost (EUR)': TWILIO, 'ElevenLabs cost (EUR)': ELEVENLABS, 'Total cost (EUR)': TOTAL, 'Client revenue (EUR)': '1.584375', 'Margin (EUR)': '0.929375' },
      ],
      ['By day', 30, { 'Twilio cost (EUR)': TWILIO, 'ElevenLabs cost (EUR)': ELEVENLABS, 'Total cost (EUR)': TOTAL }],
    ] as const) {
      const table = wb.getWorksheet(name)!;
      expect([name, table.rowCount]).toEqual([name, dataRows + 2]);
      for (const [header, expected] of Object.entries(totals)) {
        const c = column(table, header);
        const data = Array.from({ length: dataRows }, (_, i) => table.getRow(i + 2).getCell(c).value);
        const bottom = table.getRow(dataRows + 2).getCell(c);
        expect([name, header, exact(data), (bottom.value as ExcelJS.CellFormulaValue).result, bottom.numFmt]).toEqual([name, header, expected, Number(expected), '"€"#,##0.00']);
      }
      expect([name, (table.getRow(1).values as unknown[]).filter((h) => /cost|revenue|margin/i.test(String(h)) && !String(h).endsWith('(EUR)'))]).toEqual([name, []]);
    }
    expect(column(wb.getWorksheet('By day')!, 'Cost per minute (EUR)')).toBeGreaterThan(0);
  });

  it('CSV: headers name EUR, billed amounts beside the converted ones, and the sums equal the hand computation', async () => {
    const res = await download('/api/reports/export.csv', PERIOD).expect(200);
    const [header, ...rows] = parseCsv((res.body as Buffer).toString('utf8'));
    expect(header.slice(5, 12)).toEqual([
      'twilioCost (EUR)',
      'twilioCostBilled',
      'twilioPriceUnit',
      'elevenlabsCost (EUR)',
      'elevenlabsCostBilled',
      'elevenlabsCurrency',
      'totalCost (EUR)',
    ]);
    const at = (key: string) => {
      const i = header.indexOf(key);
      if (i < 0) throw new Error(`no column ${key}`);
      return i;
    };
    expect(rows.map((r) => [r[at('twilioCost (EUR)')], r[at('elevenlabsCost (EUR)')], r[at('totalCost (EUR)')]])).toEqual(CALLS.map((c) => [...c.eur]));
    expect(rows.map((r) => [r[at('twilioCostBilled')], r[at('twilioPriceUnit')], r[at('elevenlabsCostBilled')], r[at('elevenlabsCurrency')]])).toEqual(
      CALLS.map((c) => [...c.twilio, ...c.el]),
    );
    const sums = ['twilioCost (EUR)', 'elevenlabsCost (EUR)', 'totalCost (EUR)'].map((h) => exact(rows.map((r) => r[at(h)])));
    expect(sums).toEqual([TWILIO, ELEVENLABS, TOTAL]);
    expect(sums.map(cents)).toEqual(['0.08', '0.58', '0.66']);
  });

  it.each(['export.xlsx', 'export.csv'])('%s: a missing rate is a 400 naming the currency and the day, and no file', async (path) => {
    for (const [query, message] of [
      // No GBP rate at all: the first day that needs one.
      [{ ...PERIOD, currency: 'GBP' }, 'No exchange rate for GBP on or before 2026-11-02'],
      // A USD call older than every USD rate.
      [{ from: '2026-10-01', to: '2026-10-31', tz: 'UTC', currency: 'EUR' }, 'No exchange rate for USD on or before 2026-10-20'],
    ] as const) {
      const res = await download(`/api/reports/${path}`, query).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      const body = (res.body as Buffer).toString('utf8');
      expect(JSON.parse(body)).toMatchObject({ statusCode: 400, message });
    }
  });

  it('in the currency the calls were billed in, needs no rate', async () => {
    const res = await download('/api/reports/export.csv', { from: '2026-10-01', to: '2026-10-31', tz: 'UTC', currency: 'USD' }).expect(200);
    const [header, ...rows] = parseCsv((res.body as Buffer).toString('utf8'));
    expect(header).toContain('totalCost (USD)');
    expect(rows).toHaveLength(1);
  });
});
