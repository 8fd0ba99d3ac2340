import { SchedulerRegistry } from '@nestjs/schedule';
import request from 'supertest';
import { AlertsService } from '../../src/alerts/alerts.service.js';
import { DigestService } from '../../src/alerts/digest.service.js';
import { AlertKind, AlertMetric } from '../../src/entities/alert-rule.entity.js';
import { todayIn } from '../../src/reporting/report-scope.js';
import { formatMoney } from '../../src/slack/slack-i18n.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack.emulator.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { slackEnv, visibleText } from '../slack/slack-request.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { eventsOf, insertRule } from './alert-rules.js';

const DAY = 86_400_000;

describe('forecast, spike and unit-cost alerts, and the digest', () => {
  let slack: SlackEmulator;
  let t: TestApp;
  let alerts: AlertsService;
  const to = (channel: string) => slack.messages.filter((m) => m.channel === channel).map((m) => visibleText(m as never));
  const api = (path: string, query: object) =>
    request(t.app.getHttpServer()).get(`/api/reports/${path}`).query(query).set('Authorization', `Bearer ${t.config.secrets.apiToken}`).expect(200).then((r) => r.body);
  /** Calls at noon UTC `daysAgo` days back (0: a minute ago), each 60 s. */
  const daily = (workspaceId: string, costs: Array<[daysAgo: number, twilio: string, elevenlabs: string]>) =>
    insertCalls(t.db.ds, costs.map(([d, twilioCost, elevenlabsCost]) => ({
      workspaceId, twilioCost, elevenlabsCost, durationSeconds: 60,
      startedAt: d === 0 ? new Date(Date.now() - 60_000).toISOString() : `${new Date(Date.now() - d * DAY).toISOString().slice(0, 10)}T12:00:00Z`,
    })));

  beforeAll(async () => {
    slack = await startSlackEmulator();
    t = await startTestApp({
      ...slackEnv(slack),
      SLACK_DIGEST_CHANNEL: 'C0DIGEST',
      VENDOR_RETRY_BASE_MS: '5',
    });
    alerts = t.app.get(AlertsService);
  });
  afterAll(async () => {
    await t.close();
    await slack.stop();
  });

  it('spike: a day over N times the trailing 7-day average fires once, for that day', async () => {
    const ws = await insertWorkspace(t.db.ds, 'spiky');
    await daily(ws, [[1, '0.5', '0.5'], [2, '0.5', '0.5'], [3, '0.5', '0.5'], [4, '0.5', '0.5'], [5, '0.5', '0.5'], [6, '0.5', '0.5'], [7, '0.5', '0.5'], [0, '4', '6']]);
    const rule = await insertRule(t.db.ds, { slackChannel: 'C0SPIKE', kind: AlertKind.Spike, workspaceId: ws, spikeMultiplier: '3' });
    await alerts.evaluate();
    await alerts.evaluate();
    const today = todayIn('UTC');
    expect((await eventsOf(t.db.ds, rule.id)).map((e) => [e.period_key, e.status])).toEqual([[today, 'sent']]);
    expect(to('C0SPIKE')).toHaveLength(1);
    expect(to('C0SPIKE')[0]).toContain(`*Coste total* del ${today} es *${formatMoney('es', '10')}*, 10,0× la media diaria de los 7 días anteriores (${formatMoney('es', '1')}; umbral 3,0×).`);
    expect(to('C0SPIKE')[0]).toMatch(/Quién más contribuye\*\n• .* · agent_a · 1 min · 10,00/);
  });

  it('unit cost: cost per minute drifting more than X% from its trailing average fires once', async () => {
    const ws = await insertWorkspace(t.db.ds, 'drifty');
    await daily(ws, [[1, '0.05', '0.05'], [2, '0.05', '0.05'], [3, '0.05', '0.05'], [4, '0.05', '0.05'], [5, '0.05', '0.05'], [6, '0.05', '0.05'], [7, '0.05', '0.05'], [8, '0.05', '0.05'], [0, '0.1', '0.06']]);
    const rule = await insertRule(t.db.ds, { slackChannel: 'C0DRIFT', kind: AlertKind.UnitCost, workspaceId: ws, driftPercent: '25' });
    await alerts.evaluate();
    await alerts.evaluate();
    expect((await eventsOf(t.db.ds, rule.id)).map((e) => e.period_key)).toEqual([todayIn('UTC')]);
    expect(to('C0DRIFT')).toHaveLength(1);
    expect(to('C0DRIFT')[0]).toContain(`es *${formatMoney('es', '0.16', 4)}*, +60,0 % frente a la media de los 7 días anteriores (${formatMoney('es', '0.1', 4)}; margen ±25 %)`);
  });

  it('forecast: a month-end run rate over budget warns before the money is spent', async () => {
    const ws = await insertWorkspace(t.db.ds, 'runrate');
    await daily(ws, [[0, '3', '2']]);
    const month = await api('compare', { workspace: 'runrate', to: todayIn('UTC') });
    const actual = Number(month.forecast.actualToDate);
    const forecast = Number(month.forecast.forecast);
    // A budget between what is spent and what will be at this pace.
    const budget = ((actual + forecast) / 2).toFixed(2);
    const quiet = await insertRule(t.db.ds, { slackChannel: 'C0QUIET', kind: AlertKind.Threshold, workspaceId: ws, budget });
    const rule = await insertRule(t.db.ds, { slackChannel: 'C0FORECAST', kind: AlertKind.Forecast, workspaceId: ws, budget, metric: AlertMetric.TotalCost });
    await alerts.evaluate();
    await alerts.evaluate();
    expect(await eventsOf(t.db.ds, quiet.id)).toEqual([]);
    expect((await eventsOf(t.db.ds, rule.id)).map((e) => [e.period_key, e.tier, e.status])).toEqual([[todayIn('UTC').slice(0, 7), 0, 'sent']]);
    expect(to('C0FORECAST')).toHaveLength(1);
    expect(to('C0FORECAST')[0]).toMatch(new RegExp(`\\*Coste total\\*: la previsión a fin de mes \\(${todayIn('UTC').slice(0, 7)}\\) es \\*[\\d.,]+\\sUS\\$\\*`));
    expect(to('C0FORECAST')[0]).toContain(`Lleva ${formatMoney('es', '5')} en`);
    expect(to('C0FORECAST')[0]).toContain(`/admin/resources/workspaces/records/${ws}/show`);
  });

  it('schedules the rule evaluation (ALERTS_CRON, UTC) and the digest (SLACK_DIGEST_CRON, report zone)', () => {
    const registry = t.app.get(SchedulerRegistry);
    expect(String(registry.getCronJob('alerts').cronTime.source)).toBe('0 * * * *');
    expect(String(registry.getCronJob('slack-digest').cronTime.source)).toBe('0 8 * * 1');
  });

  it('digest: last week and month to date by workspace and platform, change and budget burn', async () => {
    const result = await t.app.get(DigestService).post();
    expect(result.ok).toBe(true);
    const [digest] = to('C0DIGEST');
    const today = todayIn('UTC');
    const mtd = await api('summary', { from: `${today.slice(0, 7)}-01`, to: today });
    expect(digest).toContain('Resumen semanal de costes');
    expect(digest).toContain(`*Mes en curso* · ${today.slice(0, 7)}-01 → ${today}\n*${formatMoney('es', mtd.totalCost)}*`);
    const rows = (await api('workspaces', { from: `${today.slice(0, 7)}-01`, to: today })).workspaces;
    for (const w of rows.filter((r: { calls: number }) => r.calls > 0)) {
      expect(digest).toContain(`• ${w.name}: ${formatMoney('es', w.twilioCost)} + ${formatMoney('es', w.elevenlabsCost)} = *${formatMoney('es', w.totalCost)}*`);
    }
    expect(digest).toMatch(/\*Semana pasada\* · \d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}/);
    expect(digest).toMatch(/Consumo de presupuesto\*\n• rule C0QUIET \(RUNRATE\): .* = \*\d+,\d %\*/);
    // Every call so far is priced: no total carries a provisional label.
    expect(digest).not.toMatch(/pendiente de precio|estimado/);
  });

  it('digest: a total with calls awaiting a price or estimated says which share, beside it', async () => {
    const ws = await insertWorkspace(t.db.ds, 'pending');
    const startedAt = new Date(Date.now() - 60_000).toISOString();
    await insertCalls(t.db.ds, [
      { workspaceId: ws, startedAt, unpriced: true },
      { workspaceId: ws, startedAt, estimated: true },
      { workspaceId: ws, startedAt },
      { workspaceId: ws, startedAt },
      { workspaceId: ws, startedAt },
    ]);
    await t.app.get(DigestService).post();
    const digest = to('C0DIGEST').at(-1)!;
    const today = todayIn('UTC');
    const mtd = await api('summary', { from: `${today.slice(0, 7)}-01`, to: today });
    const pct = (n: number) => `${((n / mtd.calls) * 100).toFixed(1).replace('.', ',')} %`;
    expect(digest).toContain(
      `${formatMoney('es', mtd.totalCost)}*` +
        ` (Twilio ${formatMoney('es', mtd.twilioCost)} · ElevenLabs ${formatMoney('es', mtd.elevenlabsCost)}) · ${mtd.calls} llamadas · ${Math.round(mtd.seconds / 60)} min\n` +
        `_${pct(1)} de llamadas pendiente de precio de Twilio · ${pct(1)} de llamadas con coste de ElevenLabs estimado_`,
    );
    expect(digest).toMatch(/• PENDING: .* \(5 llamadas\) · _20,0 % de llamadas pendiente de precio de Twilio · 20,0 % de llamadas con coste de ElevenLabs estimado_/);
    expect(digest).toMatch(/• SPIKY: [^\n]+\(\d+ llamadas\)\n/);
  });
});
