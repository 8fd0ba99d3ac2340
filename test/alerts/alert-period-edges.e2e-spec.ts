import { AlertsService } from '../../src/alerts/alerts.service.js';
import { FixedClock } from '../../src/common/clock.js';
import { AlertPeriod } from '../../src/entities/alert-rule.entity.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack.emulator.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { slackEnv } from '../slack/slack-request.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { eventsOf, insertRule } from './alert-rules.js';

/**
 * Threshold rules on the calendar's edges, in Madrid: each period counts exactly its own days and is
 * keyed by them. Tiers 100 and 500 with a budget of 1: a day counted wrongly (5 more) would reach 500 too.
 */
describe('alert periods at the edges of days, weeks and months (Europe/Madrid)', () => {
  let slack: SlackEmulator;
  let t: TestApp;
  let alerts: AlertsService;
  const clock = new FixedClock('2026-06-01T00:00:30Z');
  const keysOf = async (ruleId: string) => (await eventsOf(t.db.ds, ruleId)).map((e) => [e.period_key, e.tier]);
  const ruleFor = (slackChannel: string, workspaceId: string, period: AlertPeriod) => insertRule(t.db.ds, { slackChannel, workspaceId, period, budget: '1', tiers: [100, 500] });

  beforeAll(async () => {
    slack = await startSlackEmulator();
    t = await startTestApp({ ...slackEnv(slack), REPORT_TIMEZONE: 'Europe/Madrid', VENDOR_RETRY_BASE_MS: '5' }, { clock });
    alerts = t.app.get(AlertsService);
  });
  afterEach(() => t.db.ds.query('UPDATE alert_rules SET active = false'));
  afterAll(async () => {
    await t.close();
    await slack.stop();
  });

  it('on a Monday that is the 1st (00:00:30 UTC), the day, the ISO week and the month each start that day', async () => {
    clock.set('2026-06-01T00:00:30Z'); // 02:00:30 on Monday 1 June in Madrid
    const ws = await insertWorkspace(t.db.ds, 'mondayfirst');
    await insertCalls(t.db.ds, [
      { workspaceId: ws, startedAt: '2026-05-31T21:59:00Z', twilioCost: '3', elevenlabsCost: '2' }, // Sunday 23:59: the week and month before
      { workspaceId: ws, startedAt: '2026-05-31T22:00:10Z', twilioCost: '0.6', elevenlabsCost: '0.6' }, // Monday 00:00:10
    ]);
    const day = await ruleFor('C0MDAY', ws, AlertPeriod.Day);
    const week = await ruleFor('C0MWEEK', ws, AlertPeriod.Week);
    const month = await ruleFor('C0MMONTH', ws, AlertPeriod.Month);
    await alerts.evaluate();
    expect(await keysOf(day.id)).toEqual([['2026-06-01', 100]]);
    expect(await keysOf(week.id)).toEqual([['2026-W23', 100]]);
    expect(await keysOf(month.id)).toEqual([['2026-06', 100]]);
  });

  it('at 23:59:30 on the 25-hour Sunday of October, the day holds all its 25 hours and only them', async () => {
    clock.set('2026-10-25T22:59:30Z'); // 23:59:30 CET
    const ws = await insertWorkspace(t.db.ds, 'longday');
    await insertCalls(t.db.ds, [
      { workspaceId: ws, startedAt: '2026-10-24T21:59:00Z', twilioCost: '3', elevenlabsCost: '2' }, // 23:59 CEST on the 24th
      { workspaceId: ws, startedAt: '2026-10-24T22:00:00Z', twilioCost: '0.2', elevenlabsCost: '0.2' }, // 00:00 CEST on the 25th
      { workspaceId: ws, startedAt: '2026-10-25T01:30:00Z', twilioCost: '0.2', elevenlabsCost: '0.2' }, // 02:30 CET, the second 02:30
      { workspaceId: ws, startedAt: '2026-10-25T22:59:00Z', twilioCost: '0.2', elevenlabsCost: '0.2' }, // 23:59 CET
    ]);
    const day = await ruleFor('C0LONG', ws, AlertPeriod.Day);
    await alerts.evaluate();
    expect(await keysOf(day.id)).toEqual([['2026-10-25', 100]]);
  });

  it('at 23:59:30 on the 23-hour Sunday of March, the day is keyed by its own date and counts its 23 hours', async () => {
    clock.set('2026-03-29T21:59:30Z'); // 23:59:30 CEST
    const ws = await insertWorkspace(t.db.ds, 'shortday');
    await insertCalls(t.db.ds, [
      { workspaceId: ws, startedAt: '2026-03-28T22:59:00Z', twilioCost: '3', elevenlabsCost: '2' }, // 23:59 CET on the 28th
      { workspaceId: ws, startedAt: '2026-03-28T23:00:00Z', twilioCost: '0.3', elevenlabsCost: '0.3' }, // 00:00 CET on the 29th
      { workspaceId: ws, startedAt: '2026-03-29T21:59:00Z', twilioCost: '0.3', elevenlabsCost: '0.3' }, // 23:59 CEST
      { workspaceId: ws, startedAt: '2026-03-29T22:00:00Z', twilioCost: '3', elevenlabsCost: '2' }, // the 30th, which has not begun
    ]);
    const day = await ruleFor('C0SHORT', ws, AlertPeriod.Day);
    const week = await ruleFor('C0SHORTW', ws, AlertPeriod.Week);
    await alerts.evaluate();
    expect(await keysOf(day.id)).toEqual([['2026-03-29', 100]]);
    // Sunday closes ISO week 13, which began on Monday the 23rd and so holds the 28th as well.
    expect(await keysOf(week.id)).toEqual([
      ['2026-W13', 100],
      ['2026-W13', 500],
    ]);
  });
});
