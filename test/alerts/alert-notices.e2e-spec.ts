import { AlertsService } from '../../src/alerts/alerts.service.js';
import { AlertPeriod } from '../../src/entities/alert-rule.entity.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack.emulator.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { slackEnv, visibleText } from '../slack/slack-request.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { insertRule } from './alert-rules.js';

/** A claim stores what the alert says (a notice); Slack's Block Kit is made from it only when posting. */
describe('alert notices: stored in our terms, worded by the Slack module', () => {
  let slack: SlackEmulator;
  let t: TestApp;
  let alerts: AlertsService;
  const to = (channel: string) => slack.messages.filter((m) => m.channel === channel);
  const stored = (ruleId: string): Promise<Array<{ status: string; message: string; last_error: string | null }>> =>
    t.db.ds.query('SELECT status, message, last_error FROM alert_events WHERE rule_id = $1 ORDER BY tier', [ruleId]);
  /** A pending event nobody holds, with `message` as a process (this release or an older one) stored it. */
  const pendingEvent = async (channel: string, message: string) => {
    const rule = await insertRule(t.db.ds, { slackChannel: channel });
    await t.db.ds.query(`INSERT INTO alert_events (rule_id, period_key, tier, status, value, threshold, message) VALUES ($1, '2026-11', 100, 'pending', 2, 1, $2)`, [
      rule.id,
      message,
    ]);
    return rule;
  };

  beforeAll(async () => {
    slack = await startSlackEmulator();
    t = await startTestApp({ ...slackEnv(slack), SLACK_LOCALE: 'en', VENDOR_MAX_RETRIES: '0', PUBLIC_URL: 'https://backoffice.example.com' });
    alerts = t.app.get(AlertsService);
  });
  afterEach(() => t.db.ds.query('UPDATE alert_rules SET active = false'));
  afterAll(async () => {
    await t.close();
    await slack.stop();
  });

  it('stores the notice with the claim, with no Slack markup in it, and posts it as Block Kit', async () => {
    const ws = await insertWorkspace(t.db.ds, 'noticed');
    // A call started this instant lies in this month whatever the hour (a few seconds back could fall in last month).
    await insertCalls(t.db.ds, [{ workspaceId: ws, startedAt: new Date().toISOString(), twilioCost: '1', elevenlabsCost: '1' }]);
    const rule = await insertRule(t.db.ds, { slackChannel: 'C0NOTICE', workspaceId: ws, period: AlertPeriod.Month, budget: '0.5', name: 'Monthly' });
    expect(await alerts.evaluate()).toMatchObject({ sent: 1 });
    const [event] = await stored(rule.id);
    expect(event.status).toBe('sent');
    const notice = JSON.parse(event.message);
    expect(notice).toMatchObject({ kind: 'threshold', lang: 'en', ruleName: 'Monthly', workspace: 'NOTICED', tier: 100, value: '2', budget: expect.stringMatching(/^0\.50*$/) });
    expect(notice.contributors).toEqual([expect.objectContaining({ kind: 'call', totalCost: '2' })]);
    expect(event.message).not.toMatch(/blocks|mrkdwn|\*|\|/);
    const [posted] = to('C0NOTICE');
    expect(posted.blocks?.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(visibleText(posted as never)).toContain(`<https://backoffice.example.com/admin/resources/workspaces/records/${ws}/show|Open the panel>`);
  });

  it('posts a pending claim stored as Block Kit by the previous release as it was', async () => {
    const old = { text: 'Cost alert · ACME: over budget', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Total cost* over budget' } }] };
    const rule = await pendingEvent('C0LEGACY', JSON.stringify(old));
    expect(await alerts.evaluate()).toMatchObject({ sent: 1, pending: 0 });
    expect(to('C0LEGACY')).toEqual([expect.objectContaining(old)]);
    expect((await stored(rule.id))[0].status).toBe('sent');
  });

  it('leaves a stored notice it cannot word pending, with why, and posts nothing', async () => {
    const rule = await pendingEvent('C0GARBLED', JSON.stringify({ kind: 'threshold', lang: 'en' }));
    expect(await alerts.evaluate()).toMatchObject({ sent: 0, pending: 1 });
    expect(to('C0GARBLED')).toEqual([]);
    const [event] = await stored(rule.id);
    expect(event.status).toBe('pending');
    expect(event.last_error).toMatch(/^unrenderable_notice: /);
  });
});
