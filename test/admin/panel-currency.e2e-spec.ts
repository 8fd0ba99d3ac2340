import request from 'supertest';
import { FixedClock } from '../../src/common/clock.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ADMIN, ADMIN_ENV, login, panelPost } from './admin-session.js';

const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };

/** The panel's figures in a chosen currency: the same conversion as the API, its refusals as the API's. */
describe('the panel in a currency', () => {
  let t: TestApp;
  let cookie: string;
  let acme: string;
  let euroClient: string;
  let yenClient: string;
  const http = () => request(t.app.getHttpServer());
  const panel = (path: string, query: Record<string, string> = {}) => http().get(path).query(query).set('Cookie', cookie);
  const api = (path: string, query: Record<string, string>) => http().get(path).query(query).set('Authorization', `Bearer ${t.config.secrets.apiToken}`).expect(200);

  beforeAll(async () => {
    t = await startTestApp(ADMIN_ENV, { clock: new FixedClock('2026-11-02T03:00:00Z') });
    cookie = (await login(t, ADMIN))!;
    acme = await insertWorkspace(t.db.ds, 'acme');
    euroClient = await insertWorkspace(t.db.ds, 'eurco', '0.2000');
    yenClient = await insertWorkspace(t.db.ds, 'yenco');
    await t.db.ds.query(`UPDATE workspaces SET currency = 'EUR' WHERE id = $1`, [euroClient]);
    await t.db.ds.query(`UPDATE workspaces SET currency = 'JPY' WHERE id = $1`, [yenClient]);
    // The factory bills both vendors in US dollars. USD rates for 1–10 October only: later days convert at
    // the 10th's rate, over a week old from the 18th on (stale). No JPY or GBP rate at all.
    for (let d = 1; d <= 10; d++) {
      await t.db.ds.query(`INSERT INTO exchange_rates (currency, day, source, eur_rate) VALUES ('USD', $1, 'ecb', $2)`, [`2026-10-${String(d).padStart(2, '0')}`, `1.${10 + d}`]);
    }
    await insertCalls(t.db.ds, [
      { workspaceId: acme, startedAt: '2026-10-05T10:00:00Z', durationSeconds: 60, twilioCost: '0.0100', elevenlabsCost: '0.1000' },
      { workspaceId: acme, startedAt: '2026-10-20T10:00:00Z', durationSeconds: 120, twilioCost: '0.0300', elevenlabsCost: '0.5000' },
      { workspaceId: euroClient, startedAt: '2026-10-06T10:00:00Z', durationSeconds: 90, twilioCost: '0.0200', elevenlabsCost: '0.3000' },
      { workspaceId: yenClient, startedAt: '2026-10-07T10:00:00Z', durationSeconds: 30, twilioCost: '0.0085', elevenlabsCost: '0.0500' },
    ]);
  });
  afterAll(() => t?.close());

  it('answers the dashboard in the currency asked for, with the same figures as /api/reports/summary', async () => {
    const dash = (await panel('/admin/api/dashboard', { ...OCTOBER, currency: 'EUR' }).expect(200)).body;
    const summary = (await api('/api/reports/summary', { ...OCTOBER, currency: 'EUR' })).body;
    expect(dash.currency).toBe('EUR');
    expect(dash.summary).toEqual(summary);
    expect(summary.currency).toBe('EUR');
    // Converted, not relabelled: 0.11 USD on 5 October at 1.15 USD per EUR.
    expect(summary.totalCost).not.toBe((await api('/api/reports/summary', OCTOBER)).body.totalCost);
    // The 20 October call used the 10th's rate: the page is told, to flag it.
    expect(dash.summary.staleRates).toEqual([{ currency: 'USD', from: '2026-10-20', to: '2026-10-20', publishedOn: '2026-10-10' }]);
    // Per workspace and per day, in the same currency as the cards.
    const rows = (await api('/api/reports/workspaces', { ...OCTOBER, currency: 'EUR' })).body.workspaces;
    expect(dash.byWorkspace.map((w: { totalCost: string }) => w.totalCost)).toEqual(rows.map((w: { totalCost: string }) => w.totalCost));
    const eurco = dash.byWorkspace.find((w: { slug: string }) => w.slug === 'eurco');
    expect([eurco.clientCurrency, eurco.clientPricePerMinute, eurco.clientRevenue]).toEqual(['EUR', '0.2', '0.300000']);
    expect(dash.daily.map((d: { totalCost: string }) => d.totalCost)).toEqual(
      (await api('/api/reports/timeseries', { ...OCTOBER, currency: 'EUR' })).body.points.map((p: { totalCost: string }) => p.totalCost),
    );
    // What the picker offers: the euro, REPORT_CURRENCY, the rated currencies and every client's.
    expect(dash.currencies).toEqual(['EUR', 'JPY', 'USD']);
    // Without a choice: REPORT_CURRENCY (USD here); any case is read as the code.
    expect((await panel('/admin/api/dashboard', OCTOBER).expect(200)).body.currency).toBe('USD');
    expect((await panel('/admin/api/dashboard', { ...OCTOBER, currency: 'eur' }).expect(200)).body.summary).toEqual(summary);
  });

  it("opens a workspace page in the client's own currency, and in another when picked", async () => {
    const own = (await panel(`/admin/api/panel/workspaces/${euroClient}`, OCTOBER).expect(200)).body;
    expect([own.currency, own.summary.currency]).toEqual(['EUR', 'EUR']);
    expect(own.summary).toEqual((await api('/api/reports/summary', { ...OCTOBER, workspace: 'eurco', currency: 'EUR' })).body);
    expect(own.latestCalls.map((c: { totalCost: string }) => c.totalCost)).toEqual(
      (await api('/api/reports/calls', { ...OCTOBER, workspace: 'eurco', currency: 'EUR' })).body.items.map((c: { totalCost: string }) => c.totalCost),
    );
    const usd = (await panel(`/admin/api/panel/workspaces/${euroClient}`, { ...OCTOBER, currency: 'USD' }).expect(200)).body;
    expect(usd.currency).toBe('USD');
    expect(usd.summary.totalCost).toBe('0.32');
    // A dollar client's page stays in dollars.
    expect((await panel(`/admin/api/panel/workspaces/${acme}`, OCTOBER).expect(200)).body.currency).toBe('USD');
  });

  it('labels each snapshot with the currency it was taken in', async () => {
    const [run] = await t.db.ds.query(`INSERT INTO sync_runs (trigger, status) VALUES ('admin', 'succeeded') RETURNING id`);
    await t.db.ds.query(
      `INSERT INTO snapshots (sync_run_id, workspace_id, calls, minutes, twilio_cost, elevenlabs_cost, total_cost, currency) VALUES ($1, $2, 1, 1.5, 0.02, 0.3, 0.32, 'USD')`,
      [run.id, euroClient],
    );
    const page = (await panel(`/admin/api/panel/workspaces/${euroClient}`, OCTOBER).expect(200)).body;
    expect(page.currency).toBe('EUR');
    expect(page.snapshots.map((s: { totalCost: string; currency: string }) => [s.totalCost, s.currency])).toEqual([['0.3200000000', 'USD']]);
  });

  it('refuses a currency that is not ISO 4217 with a 400 naming it, and hostile input with a 4xx', async () => {
    const cases: Array<[string, RegExp]> = [
      ['XYZ', /currency 'XYZ' is not an ISO 4217 currency/],
      ['EURO', /currency must be a three-letter ISO 4217 code/],
      ['€', /currency must be a three-letter ISO 4217 code/],
    ];
    for (const [currency, message] of cases) {
      for (const path of ['/admin/api/dashboard', `/admin/api/panel/workspaces/${euroClient}`, '/admin/export.csv', '/admin/export.xlsx', '/admin/api/panel/export-check']) {
        const res = await panel(path, { ...OCTOBER, currency });
        expect([path, currency, res.status, res.body.message]).toEqual([path, currency, 400, expect.stringMatching(message)]);
      }
    }
    for (const hostile of ['\u0000', "E' OR 1=1--", 'x'.repeat(2000), '../../etc', 'U\nS', '%']) {
      for (const path of ['/admin/api/dashboard', `/admin/api/panel/workspaces/${euroClient}`, '/admin/api/panel/period', '/admin/export.csv']) {
        const res = await http()
          .get(`${path}?currency=${encodeURIComponent(hostile)}`)
          .set('Cookie', cookie);
        expect([path, hostile.slice(0, 20), res.status >= 400 && res.status < 500]).toEqual([path, hostile.slice(0, 20), true]);
      }
    }
    const twice = await http().get('/admin/api/dashboard?currency=EUR&currency=USD').set('Cookie', cookie);
    expect(twice.status).toBe(400);
  });

  it('answers a missing exchange rate with the 400 naming the currency and the day, downloads before their first byte', async () => {
    const gbp = await panel('/admin/api/dashboard', { ...OCTOBER, currency: 'GBP' });
    expect([gbp.status, gbp.body.message]).toEqual([400, 'No exchange rate for GBP on or before 2026-10-05']);
    // A yen client's page opens in yen, which has no rate: the page shows why instead of figures.
    const yen = await panel(`/admin/api/panel/workspaces/${yenClient}`, OCTOBER);
    expect([yen.status, yen.body.message]).toEqual([400, 'No exchange rate for JPY on or before 2026-10-07']);
    // …and in dollars, its calls' own currency, it needs no rate.
    expect((await panel(`/admin/api/panel/workspaces/${yenClient}`, { ...OCTOBER, currency: 'USD' }).expect(200)).body.summary.totalCost).toBe('0.0585');
    for (const path of ['/admin/export.csv', '/admin/export.xlsx', '/admin/api/panel/export-check']) {
      const res = await panel(path, { ...OCTOBER, currency: 'GBP' });
      expect([path, res.status, res.headers['content-type'], res.body.message]).toEqual([
        path,
        400,
        expect.stringMatching(/^application\/json/),
        'No exchange rate for GBP on or before 2026-10-05',
      ]);
    }
  });

  it('downloads the export in the currency asked for, once the Excel page has checked it converts', async () => {
    expect((await panel('/admin/api/panel/export-check', { ...OCTOBER, currency: 'eur' }).expect(200)).body).toEqual({ ...OCTOBER, currency: 'EUR' });
    const res = await panel('/admin/export.csv', { ...OCTOBER, currency: 'EUR' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text.split('\n').filter((l) => l.trim()).length).toBe(5);
  });

  it('tells the Excel page the default currency and what to offer', async () => {
    const res = (await panel('/admin/api/panel/period', { preset: 'lastMonth' }).expect(200)).body;
    expect(res).toEqual({ ...OCTOBER, currency: 'USD', currencies: ['EUR', 'JPY', 'USD'] });
  });

  it('shows each call in the currencies it was billed in, with no total across two of them', async () => {
    await t.db.ds.query(`UPDATE calls SET elevenlabs_currency = 'EUR' WHERE workspace_id = $1`, [euroClient]);
    const [mixed] = await t.db.ds.query(`SELECT id FROM calls WHERE workspace_id = $1`, [euroClient]);
    const list = await panel('/admin/api/resources/calls/actions/list', { 'filters.workspaceId': euroClient }).expect(200);
    const [call] = list.body.records;
    expect(call.id).toBe(mixed.id);
    expect(call.params).toMatchObject({ twilioCost: '0.02', twilioPriceUnit: 'USD', elevenlabsCost: '0.3', elevenlabsCurrency: 'EUR', totalCost: null, totalCurrency: null });
    const one = (await panel('/admin/api/resources/calls/actions/list', { 'filters.workspaceId': acme, sortBy: 'startedAt', direction: 'asc' }).expect(200)).body.records[0];
    expect(one.params).toMatchObject({ totalCost: '0.11', totalCurrency: 'USD' });
    await t.db.ds.query(`UPDATE calls SET elevenlabs_currency = 'USD' WHERE workspace_id = $1`, [euroClient]);
  });

  it('refuses a workspace currency that is not ISO 4217 as a form error, and reads "eur" as EUR', async () => {
    const bad = await panelPost(t, '/admin/api/resources/workspaces/actions/new')
      .set('Cookie', cookie)
      .field('name', 'Fake money')
      .field('slug', 'fake-money')
      .field('currency', 'XYZ')
      .expect(200);
    expect(bad.body.record.errors.currency.message).toBe("currency 'XYZ' is not an ISO 4217 currency");
    expect((await t.db.ds.query(`SELECT count(*)::int AS n FROM workspaces WHERE slug = 'fake-money'`))[0].n).toBe(0);
    const edited = await panelPost(t, `/admin/api/resources/workspaces/records/${acme}/edit`).set('Cookie', cookie).field('currency', 'eur').expect(200);
    expect(edited.body.record.params.currency).toBe('EUR');
    const wrong = await panelPost(t, `/admin/api/resources/workspaces/records/${acme}/edit`).set('Cookie', cookie).field('currency', 'EURO').expect(200);
    expect(wrong.body.record.errors.currency.message).toMatch(/three-letter ISO 4217 code/);
    const [row] = await t.db.ds.query(`SELECT currency FROM workspaces WHERE id = $1`, [acme]);
    expect(row.currency).toBe('EUR');
    await t.db.ds.query(`UPDATE workspaces SET currency = 'USD' WHERE id = $1`, [acme]);
  });
});
