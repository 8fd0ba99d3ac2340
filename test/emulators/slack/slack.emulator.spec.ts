import { ErrorCode, WebClient } from '@slack/web-api';
import { type SlackEmulator, startSlackEmulator, TEAM } from './slack.emulator.js';

describe('Slack emulator, read by the official WebClient', () => {
  let slack: SlackEmulator;
  let client: WebClient;

  beforeAll(async () => {
    slack = await startSlackEmulator();
    client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  });
  afterAll(() => slack.stop());
  afterEach(() => slack.clearFaults());

  it('answers auth.test for the bot token', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: TEAM.id, user_id: TEAM.botUserId, bot_id: TEAM.botId });
  });

  it('refuses another token as Slack does', async () => {
    const other = new WebClient('xoxb-not-the-right-one', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    await expect(other.auth.test()).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error: 'invalid_auth' } });
  });

  it('records chat.postMessage bodies, blocks included, and answers with a ts', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hola*' } }];
    const res = await client.chat.postMessage({ channel: 'C0ALERTS', text: 'hola', blocks });
    expect(res).toMatchObject({ ok: true, channel: 'C0ALERTS', message: { text: 'hola' } });
    expect(res.ts).toMatch(/^\d+\.\d{6}$/);
    expect(slack.messages.at(-1)).toMatchObject({ channel: 'C0ALERTS', text: 'hola', blocks, ts: res.ts });
  });

  it('fails on demand: 500, ok:false and 429 with Retry-After, each then back to normal', async () => {
    slack.setFault('chat.postMessage', { type: 'server-error' });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    slack.setFault('chat.postMessage', { type: 'not-ok', error: 'fatal_error' });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'fatal_error' } });
    slack.setFault('chat.postMessage', { type: 'rate-limit', retryAfterSecs: 7 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('holds chat.postMessage unanswered until released, then answers each held call', async () => {
    const gate = slack.hold('chat.postMessage');
    const before = slack.messages.length;
    const posts = Promise.all(['C2', 'C3'].map((channel) => client.chat.postMessage({ channel, text: 'held' })));
    await gate.arrived;
    await slack.waitFor(() => gate.waiting === 2);
    expect(slack.messages).toHaveLength(before);
    gate.release();
    await expect(posts).resolves.toMatchObject([
      { ok: true, channel: 'C2' },
      { ok: true, channel: 'C3' },
    ]);
    expect(gate.waiting).toBe(0);
    await expect(client.chat.postMessage({ channel: 'C4', text: 'free' })).resolves.toMatchObject({ ok: true });
  });

  it('records response_url posts', async () => {
    const res = await fetch(slack.responseUrl('abc'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'late' }) });
    expect(res.status).toBe(200);
    expect(slack.responses.at(-1)).toMatchObject({ id: 'abc', body: { text: 'late' } });
  });
});
