import type { INestApplication } from '@nestjs/common';
import { AlertClaims } from '../../src/alerts/alert-claims.js';
import { AlertEvaluator } from '../../src/alerts/alert-evaluator.js';
import { AlertsService } from '../../src/alerts/alerts.service.js';
import { FixedClock } from '../../src/common/clock.js';
import { AlertPeriod } from '../../src/entities/alert-rule.entity.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack.emulator.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { slackEnv } from '../slack/slack-request.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { insertRule } from './alert-rules.js';
import { startAnotherInstance } from './second-instance.js';

interface EventRow {
  tier: number;
  status: string;
  attempts: number;
  leased: boolean;
  has_message: boolean;
  last_error: string | null;
}

/** Alerts are claimed in a short transaction, posted to Slack with nothing held, then recorded. */
describe('alert claims: Slack is called outside any transaction', () => {
  let slack: SlackEmulator;
  let t: TestApp;
  let other: INestApplication;
  let a: AlertsService;
  let b: AlertsService;
  const to = (channel: string) => slack.messages.filter((m) => m.channel === channel);
  // The month's budget is what these tests cross: a fixed clock keeps "this month" the same at any hour.
  const clock = new FixedClock('2026-11-18T10:00:00Z');

  const events = (ruleId: string): Promise<EventRow[]> =>
    t.db.ds.query(
      `SELECT tier, status, attempts, claimed_until > now() AS leased, message IS NOT NULL AS has_message, last_error
         FROM alert_events WHERE rule_id = $1 ORDER BY tier`,
      [ruleId],
    );

  /** Connections of the app sitting in an open transaction on this test's database. */
  const openTransactions = async (): Promise<number> =>
    (await t.db.ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`))[0].n;

  /** Locks the rule's event rows from another connection without waiting: throws if anyone holds them. */
  const lockNowait = async (ruleId: string): Promise<number> =>
    t.db.ds.transaction(async (m) => (await m.query('SELECT id FROM alert_events WHERE rule_id = $1 FOR UPDATE NOWAIT', [ruleId])).length);

  /** A rule over budget right now: its own workspace with a call a few seconds old. */
  const overBudget = async (channel: string, tiers = [100]) => {
    const ws = await insertWorkspace(t.db.ds, channel.toLowerCase());
    await insertCalls(t.db.ds, [{ workspaceId: ws, startedAt: new Date(clock.now().getTime() - 5_000).toISOString(), twilioCost: '1', elevenlabsCost: '1' }]);
    return insertRule(t.db.ds, { slackChannel: channel, workspaceId: ws, period: AlertPeriod.Month, budget: '0.5', tiers });
  };

  beforeAll(async () => {
    slack = await startSlackEmulator();
    t = await startTestApp(
      {
        ...slackEnv(slack),
        SLACK_LOCALE: 'en',
        VENDOR_MAX_RETRIES: '1',
        VENDOR_RETRY_BASE_MS: '5',
      },
      { clock },
    );
    other = await startAnotherInstance(t.config, t.db.url, clock);
    a = t.app.get(AlertsService);
    b = other.get(AlertsService);
  });
  // Each test's rules stay out of the next one's evaluations.
  afterEach(() => t.db.ds.query('UPDATE alert_rules SET active = false'));
  afterAll(async () => {
    await other.close();
    await t.close();
    await slack.stop();
  });

  it('while Slack holds the post, the claim is committed: no open transaction, rows free to lock, and another instance sends nothing', async () => {
    const rule = await overBudget('C0HELD', [50, 100]);
    const gate = slack.hold('chat.postMessage');
    const evaluation = a.evaluate();
    try {
      await gate.arrived;
      expect(await openTransactions()).toBe(0);
      expect(await lockNowait(rule.id)).toBe(2);
      // Claimed and leased, the message stored with the claim.
      expect(await events(rule.id)).toEqual([
        { tier: 50, status: 'pending', attempts: 0, leased: true, has_message: true, last_error: null },
        { tier: 100, status: 'pending', attempts: 0, leased: true, has_message: true, last_error: null },
      ]);
      // The lease keeps a second evaluator off the alert while the first is still posting it.
      expect(await b.evaluate()).toMatchObject({ sent: 0, pending: 0 });
      expect(gate.waiting).toBe(1);
    } finally {
      gate.release();
    }
    expect(await evaluation).toMatchObject({ sent: 1, pending: 0 });
    expect(to('C0HELD')).toHaveLength(1);
    expect(await events(rule.id)).toEqual([
      { tier: 50, status: 'sent', attempts: 1, leased: null, has_message: true, last_error: null },
      { tier: 100, status: 'sent', attempts: 1, leased: null, has_message: true, last_error: null },
    ]);
  });

  it('after a Slack failure the alert stays pending with the error; two instances resending at once post it once, with nothing held meanwhile', async () => {
    const rule = await overBudget('C0RETRY');
    slack.setFault('chat.postMessage', { type: 'not-ok', error: 'internal_error', times: 1 });
    expect(await a.evaluate()).toMatchObject({ sent: 0, pending: 1 });
    expect(await events(rule.id)).toEqual([{ tier: 100, status: 'pending', attempts: 1, leased: null, has_message: true, last_error: 'internal_error' }]);
    expect(to('C0RETRY')).toHaveLength(0);

    const gate = slack.hold('chat.postMessage');
    let settled = 0;
    const both = Promise.all([a.evaluate(), b.evaluate(), a.evaluate(), b.evaluate()].map((p) => p.finally(() => settled++)));
    let outcomes: Array<{ sent: number; pending: number }>;
    try {
      await gate.arrived;
      // Only the evaluation whose post is held is left: the others' own short claims are over.
      await slack.waitFor(() => settled === 3);
      expect(await openTransactions()).toBe(0);
      expect(await lockNowait(rule.id)).toBe(1);
      expect(await events(rule.id)).toEqual([{ tier: 100, status: 'pending', attempts: 1, leased: true, has_message: true, last_error: 'internal_error' }]);
    } finally {
      gate.release();
      outcomes = await both;
    }
    expect(outcomes.reduce((n, o) => n + o.sent, 0)).toBe(1);
    expect(to('C0RETRY')).toHaveLength(1);
    expect(await events(rule.id)).toEqual([{ tier: 100, status: 'sent', attempts: 2, leased: null, has_message: true, last_error: null }]);
  });

  it('an alert claimed by a process that died before posting is sent once its lease has run out, and only then', async () => {
    const rule = await overBudget('C0CRASH');
    // The other instance claims and never posts: what a crash between claim and post leaves behind.
    const [decision] = await other.get(AlertEvaluator).evaluate(rule);
    expect(await other.get(AlertClaims).claimNew(rule, decision)).not.toBeNull();

    expect(await a.evaluate()).toMatchObject({ sent: 0, pending: 0 });
    expect(to('C0CRASH')).toHaveLength(0);
    expect(await events(rule.id)).toEqual([{ tier: 100, status: 'pending', attempts: 0, leased: true, has_message: true, last_error: null }]);

    // The lease's time passes.
    await t.db.ds.query(`UPDATE alert_events SET claimed_until = now() - interval '1 second' WHERE rule_id = $1`, [rule.id]);
    const [first, second] = await Promise.all([a.evaluate(), b.evaluate()]);
    expect(first.sent + second.sent).toBe(1);
    await a.evaluate();
    expect(to('C0CRASH')).toHaveLength(1);
    expect(await events(rule.id)).toEqual([{ tier: 100, status: 'sent', attempts: 1, leased: null, has_message: true, last_error: null }]);
  });
});
