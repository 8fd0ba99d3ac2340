import request from 'supertest';
import { FixedClock } from '../../src/common/clock.js';
import { SnapshotWriter } from '../../src/reporting/snapshot-writer.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { reportApi, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Money in the client's currency, checked against a hand computation. Rates (1 EUR = …), as the ECB
 * publishes them: none on the weekend of 7–8 November, none on Monday 9th (a holiday here), so a call
 * on the 9th is converted at Friday's rate, and nothing after the 6th, so a call on the 20th uses a
 * rate 14 days old (flagged as stale).
 *
 *          USD     MXN
 *   11-02  1.1000  20.0000
 *   11-03  1.0500  21.0000
 *   11-06  1.2000  22.0000
 */
const RATES: Array<[string, string, string]> = [
  ['USD', '2026-11-02', '1.1000'],
  ['USD', '2026-11-03', '1.0500'],
  ['USD', '2026-11-06', '1.2000'],
  ['MXN', '2026-11-02', '20.0000'],
  ['MXN', '2026-11-03', '21.0000'],
  ['MXN', '2026-11-06', '22.0000'],
];

const NOW = '2026-12-02T09:00:00Z';
const EARLY_NOVEMBER = { from: '2026-11-01', to: '2026-11-15', tz: 'UTC' };

describe('reports in the client’s currency: each call at its own UTC day’s rate, through the euro', () => {
  let t: TestApp;
  const api = (path: string, query: object) => reportApi(t)(path, query);
  const refused = (path: string, query: object) =>
    request(t.app.getHttpServer()).get(`/api/reports/${path}`).query(query).set('Authorization', `Bearer ${t.config.secrets.apiToken}`).expect(400);

  beforeAll(async () => {
    t = await startTestApp({}, { clock: new FixedClock(NOW) });
    for (const [currency, day, rate] of RATES) {
      await t.db.ds.query(`INSERT INTO exchange_rates (currency, day, source, eur_rate) VALUES ($1, $2, 'ecb', $3)`, [currency, day, rate]);
    }
    // A client in euros at 0.20 €/min; the vendors bill it in dollars.
    const euro = await insertWorkspace(t.db.ds, 'euro-client', '0.20', 'EUR');
    // A client in pesos at 4 MXN/min.
    const peso = await insertWorkspace(t.db.ds, 'peso-client', '4.00', 'MXN');
    // A Twilio account billed in euros (ElevenLabs still in dollars).
    const euroTwilio = await insertWorkspace(t.db.ds, 'euro-twilio', null, 'EUR');
    // Converted at a rate two weeks old.
    const late = await insertWorkspace(t.db.ds, 'late', null, 'EUR');
    await insertCalls(t.db.ds, [
      // 0.0110 / 1.1 = 0.01 €, 0.22 / 1.1 = 0.20 €
      { workspaceId: euro, startedAt: '2026-11-02T10:00:00Z', durationSeconds: 120, twilioCost: '0.0110', elevenlabsCost: '0.22', agentId: 'agent_eu' },
      // Still the 3rd in UTC (the 4th in Madrid): 0.0105 / 1.05 = 0.01 €, 0.105 / 1.05 = 0.10 €
      { workspaceId: euro, startedAt: '2026-11-03T23:30:00Z', durationSeconds: 60, twilioCost: '0.0105', elevenlabsCost: '0.105', agentId: 'agent_eu' },
      // Monday the 9th has no rate: Friday's 1.2 → 0.036 / 1.2 = 0.03 €, 0.24 / 1.2 = 0.20 €
      { workspaceId: euro, startedAt: '2026-11-09T12:00:00Z', durationSeconds: 180, twilioCost: '0.036', elevenlabsCost: '0.24', agentId: 'agent_eu' },
      // USD → MXN on the 3rd = 21 / 1.05 = 20: 0.21 MXN and 4.20 MXN
      { workspaceId: peso, startedAt: '2026-11-03T15:00:00Z', durationSeconds: 60, twilioCost: '0.0105', elevenlabsCost: '0.21', agentId: 'agent_mx' },
      // Twilio bills 0.05 € (= 0.055 $ on the 2nd); ElevenLabs 0.11 $ (= 0.10 €)
      { workspaceId: euroTwilio, startedAt: '2026-11-02T08:00:00Z', durationSeconds: 60, twilioCost: '0.05', twilioCurrency: 'EUR', elevenlabsCost: '0.11' },
      // The 20th: the 6th's rate, 14 days old: 0.012 / 1.2 = 0.01 €, 0.12 / 1.2 = 0.10 €
      { workspaceId: late, startedAt: '2026-11-20T12:00:00Z', durationSeconds: 60, twilioCost: '0.012', elevenlabsCost: '0.12' },
    ]);
  });

  afterAll(() => t?.close());

  it('gives a EUR client’s costs, revenue and margin in euros, exact to the cent against each day’s rate', async () => {
    const s = await api('summary', { ...EARLY_NOVEMBER, workspace: 'euro-client', currency: 'EUR' });
    expect(s).toMatchObject({ currency: 'EUR', calls: 3, seconds: 360, twilioCost: '0.05', elevenlabsCost: '0.5', totalCost: '0.55', staleRates: [] });
    // Revenue: 6 min × 0.20 € = 1.20 €; margin 1.20 − 0.55.
    expect(s.clientRevenue).toBe('1.200000');
    expect(s.margin).toBe('0.650000');
    // Not an average of the period: the dollars over the mean rate would read 0.5455 €.
    const [row] = (await api('workspaces', { ...EARLY_NOVEMBER, workspace: 'euro-client', currency: 'EUR' })).workspaces;
    expect(row).toMatchObject({ clientCurrency: 'EUR', clientPricePerMinute: '0.2', totalCost: '0.55', clientRevenue: '1.200000', margin: '0.650000' });
  });

  it('gives an MXN client in pesos through the cross rate, and in dollars converts its peso price back', async () => {
    const mx = await api('summary', { ...EARLY_NOVEMBER, workspace: 'peso-client', currency: 'MXN' });
    expect(mx).toMatchObject({ currency: 'MXN', twilioCost: '0.21', elevenlabsCost: '4.2', totalCost: '4.41', clientRevenue: '4.000000', margin: '-0.410000' });
    // 4 MXN on the 3rd = 4 × 1.05 / 21 = 0.20 $.
    const usd = await api('summary', { ...EARLY_NOVEMBER, workspace: 'peso-client', currency: 'USD' });
    expect(usd).toMatchObject({ currency: 'USD', totalCost: '0.2205', clientRevenue: '0.200000', margin: '-0.020500' });
  });

  it('converts a Twilio account billed in euros, never adding its euros to dollars', async () => {
    expect(await api('summary', { ...EARLY_NOVEMBER, workspace: 'euro-twilio', currency: 'USD' })).toMatchObject({
      twilioCost: '0.055',
      elevenlabsCost: '0.11',
      totalCost: '0.165',
    });
    expect(await api('summary', { ...EARLY_NOVEMBER, workspace: 'euro-twilio', currency: 'EUR' })).toMatchObject({ twilioCost: '0.05', elevenlabsCost: '0.1', totalCost: '0.15' });
    const calls = await api('calls', { ...EARLY_NOVEMBER, workspace: 'euro-twilio', currency: 'USD' });
    expect(calls.currency).toBe('USD');
    expect(calls.items[0]).toMatchObject({
      twilioCost: '0.055',
      twilioCostBilled: '0.05',
      twilioPriceUnit: 'EUR',
      elevenlabsCost: '0.11',
      elevenlabsCostBilled: '0.11',
      elevenlabsCurrency: 'USD',
      totalCost: '0.165',
    });
  });

  it('adds up the same in every route, filter and zone: the days are UTC days for the rate, the zone’s for the buckets', async () => {
    const q = { ...EARLY_NOVEMBER, workspace: 'euro-client', currency: 'EUR' };
    const madrid = await api('timeseries', { ...q, tz: 'Europe/Madrid' });
    const byDay = Object.fromEntries(madrid.points.filter((p: { calls: number }) => p.calls > 0).map((p: { bucket: string; totalCost: string }) => [p.bucket, p.totalCost]));
    // The call at 23:30 UTC on the 3rd is on the 4th in Madrid, at the 3rd's rate.
    expect(byDay).toEqual({ '2026-11-02': '0.21', '2026-11-04': '0.11', '2026-11-09': '0.23' });
    // An agent filter reads the calls themselves instead of the rollups: the same euros.
    expect(await api('summary', { ...q, agent: 'agent_eu' })).toMatchObject({ totalCost: '0.55', twilioCost: '0.05' });
    const agents = await api('agents', q);
    expect(agents.currency).toBe('EUR');
    const [agent] = agents.agents;
    expect(agent.cost).toMatchObject({ telephony: '0.05', total: '0.55' });
    const parts = ['telephony', 'agentPlatform', 'llm', 'unsplit'].reduce((sum, p) => sum + Math.round(Number(agent.cost[p]) * 1e10), 0);
    expect(parts).toBe(0.55e10);
    const calls = await api('calls', { ...q, sort: 'startedAt', order: 'asc' });
    expect(calls.items.map((c: { totalCost: string }) => c.totalCost)).toEqual(['0.21', '0.11', '0.23']);
  });

  it('says when a rate was older than a week, and which', async () => {
    const s = await api('summary', { from: '2026-11-16', to: '2026-11-30', tz: 'UTC', workspace: 'late', currency: 'EUR' });
    expect(s).toMatchObject({ totalCost: '0.11', staleRates: [{ currency: 'USD', from: '2026-11-20', to: '2026-11-20', publishedOn: '2026-11-06' }] });
  });

  it('answers in REPORT_CURRENCY without a currency, and every answer says it', async () => {
    for (const path of ['summary', 'timeseries', 'workspaces', 'calls', 'agents']) {
      expect((await api(path, EARLY_NOVEMBER)).currency).toBe('USD');
    }
    expect((await api('compare', { ...EARLY_NOVEMBER, currency: 'eur' })).current.currency).toBe('EUR');
  });

  it('refuses a currency with no rate on or before a day that needs one, naming both', async () => {
    const yen = await refused('summary', { ...EARLY_NOVEMBER, currency: 'JPY' });
    expect(yen.body.message).toBe('No exchange rate for JPY on or before 2026-11-02');
    for (const path of ['timeseries', 'workspaces', 'compare', 'calls', 'agents', 'export.csv', 'export.xlsx']) {
      expect((await refused(path, { ...EARLY_NOVEMBER, currency: 'JPY' })).body.message).toMatch(/^No exchange rate for JPY on or before 2026-11-0\d$/);
    }
    // Dollars on a day before any dollar rate.
    await insertCalls(t.db.ds, [{ workspaceId: (await t.db.ds.query(`SELECT id FROM workspaces WHERE slug = 'late'`))[0].id, startedAt: '2026-10-30T12:00:00Z' }]);
    const october = await refused('summary', { from: '2026-10-01', to: '2026-10-31', tz: 'UTC', currency: 'EUR' });
    expect(october.body.message).toBe('No exchange rate for USD on or before 2026-10-30');
    // …though a report in the dollars it was billed in needs no rate at all.
    expect((await api('summary', { from: '2026-10-01', to: '2026-10-31', tz: 'UTC', currency: 'USD' })).calls).toBe(1);
  });

  it('takes a sync run’s snapshot in the workspace’s own currency, and in REPORT_CURRENCY while that has no rate', async () => {
    const [{ id: run }] = await t.db.ds.query(`INSERT INTO sync_runs (trigger, status) VALUES ('api', 'succeeded') RETURNING id`);
    const peso = await insertWorkspace(t.db.ds, 'peso-no-history', null, 'MXN');
    await insertCalls(t.db.ds, [{ workspaceId: peso, startedAt: '2026-11-02T10:00:00Z', twilioCost: '0.011', elevenlabsCost: '0.22' }]);
    const yen = await insertWorkspace(t.db.ds, 'yen-client', null, 'JPY');
    await insertCalls(t.db.ds, [{ workspaceId: yen, startedAt: '2026-11-02T10:00:00Z', twilioCost: '0.011', elevenlabsCost: '0.22' }]);
    const writer = t.app.get(SnapshotWriter);
    await writer.take(run, peso);
    await writer.take(run, yen);
    const snaps = await t.db.ds.query(
      `SELECT w.slug, s.currency, s.twilio_cost::text AS twilio, s.total_cost::text AS total FROM snapshots s JOIN workspaces w ON w.id = s.workspace_id WHERE s.sync_run_id = $1 ORDER BY 1`,
      [run],
    );
    // 0.231 $ on the 2nd at 20 / 1.1 MXN per dollar = 4.2 MXN; JPY has no rate: dollars, as billed.
    expect(snaps).toEqual([
      { slug: 'peso-no-history', currency: 'MXN', twilio: '0.2000000000', total: '4.2000000000' },
      { slug: 'yen-client', currency: 'USD', twilio: '0.0110000000', total: '0.2310000000' },
    ]);
  });

  it('refuses what is not an ISO 4217 currency', async () => {
    expect((await refused('summary', { currency: 'EURO' })).body.message).toEqual(expect.arrayContaining([expect.stringMatching(/currency must be a three-letter/)]));
    expect((await refused('summary', { currency: 'ZZZ' })).body.message).toMatch(/ZZZ' is not an ISO 4217 currency/);
  });
});
