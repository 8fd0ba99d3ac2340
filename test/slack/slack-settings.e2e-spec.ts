import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { AlertsService } from '../../src/alerts/alerts.service.js';
import { SLACK_PORT, type SlackPort } from '../../src/slack/slack.port.js';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module.js';
import { startSlackEmulator } from '../emulators/slack/slack.emulator.js';
import { startTestApp } from '../support/test-app.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase } from '../support/test-database.js';
import { sendSlash } from './slack-request.js';

const production = () => ({
  NODE_ENV: 'production',
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  API_TOKEN: 'a'.repeat(32),
  SESSION_SECRET: 'b'.repeat(40),
  DATABASE_URL: 'postgres://app@db.internal:5432/simbiosia',
  ADMIN_ENABLED: 'false',
});

function bootError(env: Record<string, string>): string | null {
  try {
    loadConfig({ env, envFile: null });
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
}

describe('Slack settings', () => {
  it('in production, a bot token without SLACK_SIGNING_SECRET stops boot naming it (HTTP mode)', () => {
    expect(bootError({ ...production(), SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toMatch(/^Invalid configuration: SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set/);
    expect(bootError({ ...production(), SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 's'.repeat(32) })).toBeNull();
    expect(bootError({ ...production(), SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A-abc' })).toBeNull();
    // Slack off: nothing of it is required; an empty variable counts as unset.
    expect(bootError({ ...production(), SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '' })).toBeNull();
  });

  it('names a malformed Slack setting', () => {
    expect(bootError({ ...production(), SLACK_BOT_TOKEN: 'not-a-token' })).toBe('Invalid configuration: SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(bootError({ ...production(), SLACK_ALLOWED_USERS: 'U1, nope!' })).toMatch(/^Invalid configuration: SLACK_ALLOWED_USERS must be comma-separated/);
    const config = loadConfig({ env: { ...production(), SLACK_ALLOWED_CHANNELS: 'C1, C2' }, envFile: null });
    expect(config.slack).toMatchObject({ enabled: false, allowedChannels: ['C1', 'C2'], locale: 'es', apiUrl: 'https://slack.com/api/', digestCron: '0 8 * * 1' });
    expect(config.alerts).toEqual({ enabled: true, cron: '0 * * * *' });
  });

  it('without Slack settings the app runs, with no /slack routes and no alerts', async () => {
    const t = await startTestApp();
    try {
      const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
      expect((await sendSlash(base, 'hoy')).status).toBe(404);
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      expect(t.app.get<SlackPort>(SLACK_PORT).enabled).toBe(false);
      expect(await t.app.get(AlertsService).evaluate()).toEqual({ rules: 0, sent: 0, pending: 0 });
    } finally {
      await t.close();
    }
  });

  it('a CLI context (no HTTP server) with Slack on boots, serves nothing and still posts alerts', async () => {
    const slack = await startSlackEmulator();
    const db = await createTestDatabase();
    const config = testConfig({ SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 's'.repeat(32), SLACK_API_URL: slack.apiUrl });
    const ctx = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: db.url, schedule: false, http: false }), { logger: false });
    try {
      expect(ctx.get(AlertsService).enabled).toBe(true);
      expect(await ctx.get<SlackPort>(SLACK_PORT).postMessage('C0CLI', { text: 'from a CLI', blocks: [] })).toMatchObject({ ok: true });
      expect(slack.messages.map((m) => m.channel)).toEqual(['C0CLI']);
    } finally {
      await ctx.close();
      await db.drop();
      await slack.stop();
    }
  });
});
