import { Decimal } from 'decimal.js';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const sum = (values: string[]) => values.reduce((a, v) => a.plus(v), new Decimal(0)).toFixed();

describe('/api/reports', () => {
  let t: TestApp;
  let auth: string;
  const get = (path: string, query: Record<string, string> = {}) => request(t.app.getHttpServer()).get(path).query(query).set('Authorization', auth);

  beforeAll(async () => {
    // After the seeded October: "October is over" whatever the wall clock says.
    t = await startTestApp({}, { clock: new FixedClock('2026-12-02T03:00:00Z') });
    auth = `Bearer ${t.config.secrets.apiToken}`;
    const acme = await insertWorkspace(t.db.ds, 'acme', '0.25');
    const globex = await insertWorkspace(t.db.ds, 'globex');
    await insertCalls(t.db.ds, [
      // Madrid leaves summer time on 2026-10-25 at 03:00 local (01:00 UTC): that day has 25 hours.
      { workspaceId: acme, startedAt: '2026-10-24T22:00:00Z', twilioCost: '0.1', elevenlabsCost: '0.0000001' }, // 25th 00:00 CEST
      { workspaceId: acme, startedAt: '2026-10-25T00:30:00Z', twilioCost: '0.2', elevenlabsCost: '0.3333333' }, // 02:30 CEST
      { workspaceId: acme, startedAt: '2026-10-25T01:30:00Z', twilioCost: '0.0133', elevenlabsCost: '0.01' }, // 02:30 CET (again)
      { workspaceId: acme, startedAt: '2026-10-25T22:59:59Z', twilioCost: '0.07', elevenlabsCost: '0.02', durationSeconds: 125 }, // 23:59:59 CET
      { workspaceId: acme, startedAt: '2026-10-25T23:00:00Z', twilioCost: '0.05', elevenlabsCost: '0.04' }, // 26th 00:00 CET, exactly on the edge
      { workspaceId: globex, startedAt: '2026-10-26T12:00:00Z', unpriced: true, elevenlabsCost: '0.12', direction: 'outbound' },
      { workspaceId: globex, startedAt: '2026-10-27T09:15:00Z', direction: 'web', elevenlabsCost: '0.5', estimated: true, durationSeconds: 300 },
      { workspaceId: globex, startedAt: '2026-10-31T22:30:00Z', twilioCost: '0.9', elevenlabsCost: '1.1' }, // Nov 1st in India, Oct 31st in Madrid
      // The previous period, for comparisons.
      { workspaceId: acme, startedAt: '2026-10-20T10:00:00Z', twilioCost: '0.4', elevenlabsCost: '0.6' },
    ]);
  });
  afterAll(() => t.close());

  it('answers the summary contract with exact decimal strings', async () => {
    const res = await get('/api/reports/summary', { from: '2026-10-25', to: '2026-10-31', tz: 'Europe/Madrid' }).expect(200);
    expect(res.body).toMatchObject({
      from: '2026-10-25',
      to: '2026-10-31',
      currency: 'USD',
      calls: 8,
      twilioCost: '1.3333',
      elevenlabsCost: '2.1233334',
      elevenlabsCredits: '3200',
      totalCost: '3.4566334',
      unpricedCalls: 1,
      estimatedCalls: 1,
    });
    for (const key of ['minutes', 'twilioCost', 'elevenlabsCost', 'elevenlabsCredits', 'totalCost', 'costPerMinute']) {
      expect(typeof res.body[key]).toBe('string');
    }
    expect(res.body.minutes).toBe(new Decimal(res.body.seconds).div(60).toFixed(2));
    expect(res.body.costPerMinute).toBe(new Decimal('3.4566334').div(new Decimal(res.body.seconds).div(60)).toFixed(6));
  });

  it.each(['UTC', 'Europe/Madrid', 'America/New_York', 'Asia/Kolkata'])('in %s, days, weeks, months and workspaces each add up to the summary to the cent', async (tz) => {
    const q = { from: '2026-10-01', to: '2026-11-30', tz };
    const summary = (await get('/api/reports/summary', q).expect(200)).body;
    for (const bucket of ['day', 'week', 'month']) {
      const points = (await get('/api/reports/timeseries', { ...q, bucket }).expect(200)).body.points;
      expect(points.reduce((n: number, p: { calls: number }) => n + p.calls, 0)).toBe(summary.calls);
      for (const key of ['twilioCost', 'elevenlabsCost', 'totalCost']) {
        expect([bucket, key, sum(points.map((p: Record<string, string>) => p[key]))]).toEqual([bucket, key, summary[key]]);
      }
    }
    const rows = (await get('/api/reports/workspaces', q).expect(200)).body.workspaces;
    expect(sum(rows.map((r: { totalCost: string }) => r.totalCost))).toBe(summary.totalCost);
  });

  it('puts calls in the calendar day of the zone, across the DST change and exactly at bucket edges', async () => {
    const days = async (tz: string) =>
      Object.fromEntries(
        (await get('/api/reports/timeseries', { from: '2026-10-24', to: '2026-11-01', tz }).expect(200)).body.points
          .filter((p: { calls: number }) => p.calls > 0)
          .map((p: { bucket: string; calls: number; totalCost: string }) => [p.bucket, `${p.calls}:${p.totalCost}`]),
      );
    expect(await days('Europe/Madrid')).toEqual({
      '2026-10-25': '4:0.7466334',
      '2026-10-26': '2:0.21',
      '2026-10-27': '1:0.5',
      '2026-10-31': '1:2',
    });
    expect(await days('UTC')).toEqual({
      '2026-10-24': '1:0.1000001',
      '2026-10-25': '4:0.7366333',
      '2026-10-26': '1:0.12',
      '2026-10-27': '1:0.5',
      '2026-10-31': '1:2',
    });
    // Half-hour zone: answered from the calls themselves, still exact.
    expect(await days('Asia/Kolkata')).toEqual({
      '2026-10-25': '3:0.6566334',
      '2026-10-26': '3:0.3',
      '2026-10-27': '1:0.5',
      '2026-11-01': '1:2',
    });
  });

  it('compares a free range with the previous period of equal length and forecasts the month', async () => {
    const res = await get('/api/reports/compare', { from: '2026-10-25', to: '2026-10-31', tz: 'UTC', workspace: 'acme' }).expect(200);
    expect(res.body.previous).toMatchObject({ from: '2026-10-18', to: '2026-10-24', calls: 2, totalCost: '1.1000001' });
    expect(res.body.comparedWith).toEqual({ shape: 'range', from: '2026-10-18', to: '2026-10-24', until: null });
    expect(res.body.current).toMatchObject({ calls: 4, totalCost: '0.7366333' });
    expect(res.body.change.totalCost).toEqual({ absolute: '-0.3633668', percent: '-33.03' });
    expect(res.body.change.calls).toEqual({ absolute: '2', percent: '100.00' });
    // October is over: the forecast is what October cost.
    expect(res.body.forecast).toMatchObject({ month: '2026-10', daysInMonth: 31, actualToDate: '1.8366334', forecast: '1.836633' });
  });

  it('gives the margin where a workspace has a client price', async () => {
    const rows = (await get('/api/reports/workspaces', { from: '2026-10-25', to: '2026-10-25', tz: 'UTC' }).expect(200)).body.workspaces;
    const acme = rows.find((r: { slug: string }) => r.slug === 'acme');
    // 4 calls: 3 × 60 s + 125 s = 305 s at $0.25/min.
    expect(acme).toMatchObject({ seconds: 305, clientRevenue: '1.270833', totalCost: '0.7366333', margin: '0.534200' });
    expect(rows.find((r: { slug: string }) => r.slug === 'globex')).toMatchObject({ calls: 0, margin: null });
  });

  it('lists calls paged and sorted by cost, and filters by direction', async () => {
    const res = await get('/api/reports/calls', { from: '2026-10-01', to: '2026-10-31', tz: 'UTC', sort: 'totalCost', order: 'desc', pageSize: '2' }).expect(200);
    expect(res.body).toMatchObject({ total: 9, page: 1, pageSize: 2 });
    expect(res.body.items.map((c: { totalCost: string }) => c.totalCost)).toEqual(['2', '1']);
    const web = await get('/api/reports/summary', { from: '2026-10-01', to: '2026-10-31', direction: 'web' }).expect(200);
    expect(web.body).toMatchObject({ calls: 1, totalCost: '0.5', estimatedCalls: 1 });
  });

  it.each([
    [{ from: '2026-02-30', to: '2026-03-01' }, /from '2026-02-30' is not a real calendar date/],
    [{ from: '2026-03-02', to: '2026-03-01' }, /from \(2026-03-02\) must not be after to \(2026-03-01\)/],
    [{ from: '01/03/2026' }, /from must be a date as YYYY-MM-DD/],
    [{ workspace: 'nobody' }, /unknown workspace 'nobody'/],
    [{ tz: 'Mars/Olympus' }, /tz 'Mars\/Olympus' is not an IANA time zone/],
  ])('refuses %j with 400 naming the problem', async (query, reason) => {
    const res = await get('/api/reports/summary', query as Record<string, string>).expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(reason);
  });

  it('refuses an unknown bucket and needs the API token', async () => {
    const res = await get('/api/reports/timeseries', { bucket: 'year' }).expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(/bucket must be one of day, week, month/);
    await request(t.app.getHttpServer()).get('/api/reports/summary').expect(401);
  });

  it('keeps the hourly rollups equal to the calls through inserts, updates and deletes', async () => {
    const check = async () => {
      const diff = await t.db.ds.query(
        `SELECT * FROM (SELECT workspace_id, date_trunc('hour', started_at, 'UTC') AS hour, count(*)::int AS calls,
                               sum(duration_seconds)::bigint AS seconds, COALESCE(sum(twilio_cost), 0) AS t, COALESCE(sum(elevenlabs_cost), 0) AS e
                          FROM calls GROUP BY 1, 2) raw
         FULL JOIN (SELECT workspace_id, hour, calls, seconds, twilio_cost AS t, elevenlabs_cost AS e FROM call_hourly_rollups WHERE calls <> 0) r
         USING (workspace_id, hour)
         WHERE raw.calls IS DISTINCT FROM r.calls OR raw.seconds IS DISTINCT FROM r.seconds OR raw.t IS DISTINCT FROM r.t OR raw.e IS DISTINCT FROM r.e`,
      );
      expect(diff).toEqual([]);
    };
    await check();
    await t.db.ds.query(`UPDATE calls SET twilio_cost = twilio_cost + 1, started_at = started_at + interval '3 hours' WHERE direction = 'inbound'`);
    await check();
    await t.db.ds.query(`DELETE FROM calls WHERE direction = 'web'`);
    await check();
  });

  it('is documented at /api/docs', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/reports/summary', '/api/reports/timeseries', '/api/reports/calls']));
  });
});
