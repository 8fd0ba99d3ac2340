import request from 'supertest';
import { FixedClock } from '../../src/common/clock.js';
import { todayIn } from '../../src/reporting/periods.js';
import { figureFields } from '../../src/slack/costs-messages.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack.emulator.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { fieldGroups, sendSlash, type SlackReply } from './slack-request.js';

describe('/costs in Socket Mode (SLACK_APP_TOKEN)', () => {
  let slack: SlackEmulator;
  let t: TestApp;
  const clock = new FixedClock('2026-11-18T10:00:00Z');

  beforeAll(async () => {
    slack = await startSlackEmulator();
    // No signing secret and no public URL: the app connects out to Slack over a WebSocket.
    t = await startTestApp({ SLACK_BOT_TOKEN: slack.botToken, SLACK_APP_TOKEN: slack.appToken, SLACK_API_URL: slack.apiUrl }, { clock });
    const ws = await insertWorkspace(t.db.ds, 'acme');
    await insertCalls(t.db.ds, [{ workspaceId: ws, startedAt: new Date(clock.now().getTime() - 60_000).toISOString(), twilioCost: '0.0123', elevenlabsCost: '0.45' }]);
  });
  afterAll(async () => {
    await t.close();
    await slack.stop();
  });

  it('opens the socket through SLACK_API_URL with the app token and answers /costs over it', async () => {
    await slack.socketConnected();
    expect(slack.requests.find((r) => r.method === 'apps.connections.open')).toMatchObject({ ok: true });
    const ack = (await slack.socketCommand({
      command: '/costs',
      text: 'today',
      user_id: 'U0FINANCE',
      channel_id: 'C0COSTS',
      team_id: 'T0EMULATED',
      response_url: slack.responseUrl('socket-1'),
      trigger_id: '1.2.3',
    })) as unknown as SlackReply;
    const today = todayIn('UTC', clock.now());
    const summary = (
      await request(t.app.getHttpServer()).get('/api/reports/summary').query({ from: today, to: today }).set('Authorization', `Bearer ${t.config.secrets.apiToken}`).expect(200)
    ).body;
    expect(ack.response_type).toBe('ephemeral');
    expect(fieldGroups(ack)).toEqual([figureFields('en', summary)]);
  });

  it('mounts no HTTP endpoint in Socket Mode', async () => {
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    expect((await sendSlash(base, 'hoy')).status).toBe(404);
  });
});
