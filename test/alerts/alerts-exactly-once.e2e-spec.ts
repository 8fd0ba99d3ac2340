import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AlertsService } from '../../src/alerts/alerts.service.js';
import { FixedClock } from '../../src/common/clock.js';
import { AlertPeriod } from '../../src/entities/alert-rule.entity.js';
import { periodWords } from '../../src/slack/alert-blocks.js';
import { formatMoney } from '../../src/slack/slack-i18n.js';
import { SyncService } from '../../src/sync/sync.service.js';
import { addDays, runningPeriod, weekday } from '../../src/reporting/periods.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack.emulator.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { slackEnv, visibleText } from '../slack/slack-request.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type SyncFixture, startSyncFixture } from '../sync/sync-fixture.js';
import { createWorkspaces, syncAndWait } from '../sync/sync-helpers.js';
import { eventsOf, insertRule } from './alert-rules.js';
import { startAnotherInstance } from './second-instance.js';

describe('threshold alerts fire exactly once', () => {
  let slack: SlackEmulator;
  let fx: SyncFixture;
  let t: TestApp;
  let other: INestApplication | undefined;
  const to = (channel: string) => slack.messages.filter((m) => m.channel === channel);
  /**
   * The fixture's 30 days end yesterday (by the wall clock, as the sync reads them). The alerts stand at
   * 23:59:30 on the last Sunday among those days, so "this week" is a whole week of the fixture's calls
   * whatever day the tests run (a Monday the 1st included).
   */
  const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
  const sunday = addDays(yesterday, -((weekday(yesterday) + 1) % 7));
  const clock = new FixedClock(`${sunday}T23:59:30Z`);
  /** A little spend of its own this week, so that a test does not lean on what an earlier one synced. */
  const spendThisWeek = async (slug: string) => {
    const ws = await insertWorkspace(t.db.ds, slug);
    // Inactive: it has no vendor keys, and the syncs of the first test must not try it.
    await t.db.ds.query('UPDATE workspaces SET active = false WHERE id = $1', [ws]);
    await insertCalls(t.db.ds, [{ workspaceId: ws, startedAt: `${sunday}T12:00:00Z`, twilioCost: '0.01', elevenlabsCost: '0.01' }]);
  };

  beforeAll(async () => {
    slack = await startSlackEmulator();
    fx = await startSyncFixture({ calls: 120, conversations: 10 });
    t = await startTestApp(
      {
        ...fx.env,
        ...slackEnv(slack),
        SLACK_LOCALE: 'en',
        VENDOR_MAX_RETRIES: '2',
        PUBLIC_URL: 'https://backoffice.example.com',
      },
      { clock },
    );
    await createWorkspaces(t, fx);
  });
  afterAll(async () => {
    await other?.close();
    await t.close();
    await fx.stop();
    await slack.stop();
  });

  it('over two syncs: one message when the tiers are crossed, none the second time', async () => {
    const period = AlertPeriod.Week;
    const rule = await insertRule(t.db.ds, { slackChannel: 'C0BUDGET', period, budget: '0.02', tiers: [50, 100], name: 'Weekly spend' });
    // settled(): the run's promise, which ends after the after-sync hook has evaluated the rules.
    const sync = t.app.get(SyncService);
    expect((await syncAndWait(t)).status).toBe('succeeded');
    await sync.settled();
    expect(to('C0BUDGET')).toHaveLength(1);
    expect((await syncAndWait(t)).status).toBe('succeeded');
    await sync.settled();
    expect(to('C0BUDGET')).toHaveLength(1);

    const events = await eventsOf(t.db.ds, rule.id);
    expect(events.map((e) => [e.tier, e.status, e.attempts])).toEqual([
      [50, 'sent', 1],
      [100, 'sent', 1],
    ]);
    // What the message says comes from the reporting API: the value, the budget, the period and who spent it.
    const p = runningPeriod(period, sunday);
    expect(events[0].period_key).toBe(p.key);
    const auth = `Bearer ${t.config.secrets.apiToken}`;
    const summary = (await request(t.app.getHttpServer()).get('/api/reports/summary').query({ from: p.from, to: p.to }).set('Authorization', auth).expect(200)).body;
    const text = visibleText(to('C0BUDGET')[0] as never);
    expect(text).toContain(`*Total cost* for ${periodWords('en', period, p.from, p.to, p.key)} reached *100%* of the budget: *${formatMoney('en', summary.totalCost)}* of $0.02`);
    expect(text).toMatch(/Top contributors\*\n1\. (ACME|GLOBEX) — \$/);
    expect(text).toContain('<https://backoffice.example.com/admin|Open the panel>');
  });

  it('with two app instances on one database evaluating at once: one message per rule', async () => {
    await spendThisWeek('two-instances');
    other = await startAnotherInstance(t.config, t.db.url, clock);
    const rules = await Promise.all(
      ['C0TWO1', 'C0TWO2', 'C0TWO3', 'C0TWO4'].map((c) => insertRule(t.db.ds, { slackChannel: c, period: AlertPeriod.Week, budget: '0.01', tiers: [25, 50, 100] })),
    );
    const a = t.app.get(AlertsService);
    const b = other.get(AlertsService);
    expect(a).not.toBe(b);
    const outcomes = await Promise.all([a.evaluate(), b.evaluate(), a.evaluate(), b.evaluate()]);
    expect(outcomes.reduce((n, o) => n + o.sent, 0)).toBe(4);
    for (const rule of rules) {
      expect(to(rule.slackChannel)).toHaveLength(1);
      expect((await eventsOf(t.db.ds, rule.id)).map((e) => e.status)).toEqual(['sent', 'sent', 'sent']);
    }
  });

  it.each([
    ['HTTP 500', { type: 'server-error' as const, times: 1000 }],
    ['ok: false', { type: 'not-ok' as const, error: 'internal_error', times: 1000 }],
  ])('keeps an alert pending while Slack answers %s, and sends it once when Slack is back', async (label, fault) => {
    const channel = `C0DOWN${label.replace(/\W/g, '')}`;
    await spendThisWeek(channel.toLowerCase());
    const rule = await insertRule(t.db.ds, { slackChannel: channel, period: AlertPeriod.Week, budget: '0.01' });
    slack.setFault('chat.postMessage', fault);
    try {
      const first = await t.app.get(AlertsService).evaluate();
      expect(first.pending).toBeGreaterThanOrEqual(1);
      const [pending] = await eventsOf(t.db.ds, rule.id);
      expect(pending).toMatchObject({ status: 'pending', attempts: 1, sent_at: null });
      await t.app.get(AlertsService).evaluate();
      expect((await eventsOf(t.db.ds, rule.id))[0]).toMatchObject({ status: 'pending', attempts: 2 });
    } finally {
      slack.clearFaults();
    }
    expect(to(channel)).toHaveLength(0);
    await t.app.get(AlertsService).evaluate();
    await t.app.get(AlertsService).evaluate();
    expect(to(channel)).toHaveLength(1);
    expect((await eventsOf(t.db.ds, rule.id))[0]).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('waits out a 429 for its Retry-After and sends within the same evaluation', async () => {
    await spendThisWeek('limited');
    const rule = await insertRule(t.db.ds, { slackChannel: 'C0LIMITED', period: AlertPeriod.Week, budget: '0.01' });
    slack.setFault('chat.postMessage', { type: 'rate-limit', retryAfterSecs: 1, times: 1 });
    const started = Date.now();
    await t.app.get(AlertsService).evaluate();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(to('C0LIMITED')).toHaveLength(1);
    expect(slack.requests.filter((r) => r.fault === 'rate-limit')).toHaveLength(1);
    expect((await eventsOf(t.db.ds, rule.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
