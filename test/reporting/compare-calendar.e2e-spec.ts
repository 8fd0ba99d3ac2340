import { FixedClock } from '../../src/common/clock.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { reportApi, startTestApp, type TestApp } from '../support/test-app.js';

/** 04:00 on Wednesday 2 December in Madrid (CET, UTC+1). */
const NOW = '2026-12-02T03:00:00Z';

describe('/api/reports/compare follows the calendar, and a running period stops where now is', () => {
  let t: TestApp;
  const clock = new FixedClock(NOW);
  const compare = (query: Record<string, string>) => reportApi(t)('compare', query);

  beforeAll(async () => {
    t = await startTestApp({ REPORT_TIMEZONE: 'Europe/Madrid' }, { clock });
    const ws = await insertWorkspace(t.db.ds, 'calendar');
    const call = (startedAt: string, cost: string) => ({ workspaceId: ws, startedAt, twilioCost: cost, elevenlabsCost: '0' });
    await insertCalls(t.db.ds, [
      call('2026-10-01T10:00:00Z', '10'), // October, the month before November
      call('2026-10-31T22:30:00Z', '20'), // 31 October 23:30 CET: still October in Madrid
      call('2026-10-31T23:00:00Z', '0.5'), // 1 November 00:00 CET: the first instant of November
      call('2026-11-02T02:59:59Z', '0.25'), // 2 November 03:59:59: before the cut
      call('2026-11-02T03:00:00Z', '100'), // 2 November 04:00:00: the cut itself, not counted
      call('2026-11-20T12:00:00Z', '7'), // later in November
      call('2026-11-25T02:00:00Z', '0.125'), // Wednesday of the week before, 03:00
      call('2026-11-25T09:00:00Z', '40'), // the same Wednesday, after 04:00
      call('2026-12-01T08:00:00Z', '1'),
      call('2026-12-02T02:30:00Z', '2'), // 03:30 today
    ]);
  });
  beforeEach(() => clock.set(NOW));
  afterAll(() => t.close());

  it('at 04:00 on 2 December, "this month" (the default) meets 1 November 00:00 → 2 November 04:00, not 29–30 November', async () => {
    const body = await compare({});
    expect(body.current).toMatchObject({ from: '2026-12-01', to: '2026-12-02', calls: 2, totalCost: '3' });
    expect(body.comparedWith).toEqual({ shape: 'month', from: '2026-11-01', to: '2026-11-02', until: '2026-11-02T03:00:00.000Z' });
    expect(body.previous).toMatchObject({ from: '2026-11-01', to: '2026-11-02', calls: 2, totalCost: '0.75' });
    expect(body.change.totalCost).toEqual({ absolute: '2.25', percent: '300.00' });
    // The forecast reads the same clock: 1 day and 4 hours of December gone by.
    expect(body.forecast).toMatchObject({ month: '2026-12', actualToDate: '3', daysElapsed: '1.17', daysInMonth: 31 });
  });

  it('meets a whole month with the whole previous month: November against 1–31 October', async () => {
    const body = await compare({ from: '2026-11-01', to: '2026-11-30' });
    expect(body.comparedWith).toEqual({ shape: 'month', from: '2026-10-01', to: '2026-10-31', until: null });
    expect(body.previous).toMatchObject({ calls: 2, totalCost: '30' });
    expect(body.current).toMatchObject({ calls: 6, totalCost: '147.875' });
  });

  it('meets a running week with the same days and hours of the week before', async () => {
    const body = await compare({ from: '2026-11-30', to: '2026-12-02' });
    expect(body.comparedWith).toEqual({ shape: 'week', from: '2026-11-23', to: '2026-11-25', until: '2026-11-25T03:00:00.000Z' });
    expect(body.previous).toMatchObject({ calls: 1, totalCost: '0.125' });
  });

  it('keeps a free range against as many days before, and cuts it too while it runs', async () => {
    expect((await compare({ from: '2026-11-02', to: '2026-11-20' })).comparedWith).toEqual({ shape: 'range', from: '2026-10-14', to: '2026-11-01', until: null });
    const running = await compare({ from: '2026-11-30', to: '2026-12-02', tz: 'UTC' });
    // In UTC the same days are a week too (Monday 30 November): the cut is at 03:00 UTC.
    expect(running.comparedWith).toEqual({ shape: 'week', from: '2026-11-23', to: '2026-11-25', until: '2026-11-25T03:00:00.000Z' });
  });

  it('at 23:59:30 on the last day of a month, that month is still running and meets the previous one to the same second', async () => {
    clock.set('2026-11-30T22:59:30Z'); // 23:59:30 on 30 November in Madrid
    const body = await compare({});
    expect(body.current).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    expect(body.comparedWith).toEqual({ shape: 'month', from: '2026-10-01', to: '2026-10-30', until: '2026-10-30T22:59:30.000Z' });
    expect(body.previous).toMatchObject({ calls: 1, totalCost: '10' });
  });
});
