import { SchedulerRegistry } from '@nestjs/schedule';
import request from 'supertest';
import { AlertsService } from '../../src/alerts/alerts.service.js';
import { DigestService } from '../../src/alerts/digest.service.js';
import { FixedClock } from '../../src/common/clock.js';
import { AlertKind, AlertMetric } from '../../src/entities/alert-rule.entity.js';
import { comparedWithWords, todayIn } from '../../src/reporting/periods.js';
import { provisionalShares } from '../../src/reporting/report-figures.js';
import { formatMoney, formatShare } from '../../src/slack/slack-i18n.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack.emulator.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { slackEnv, visibleText } from '../slack/slack-request.js';
import { reportApi, startTestApp, type TestApp } from '../support/test-app.js';
import { eventsOf, insertRule } from './alert-rules.js';

const DAY = 86_400_000;
/** A Wednesday mid-month: every test here stands on it, whatever the wall clock says. */
const NOW = '2026-11-18T10:00:00Z';

describe('forecast, spike and unit-cost alerts, and the digest', () => {
  let slack: SlackEmulator;
  let t: TestApp;
  let alerts: AlertsService;
  const clock = new FixedClock(NOW);
  const today = () => todayIn('UTC', clock.now());
  const to = (channel: string) => slack.messages.filter((m) => m.channel === channel).map((m) => visibleText(m as never));
  const api = (path: string, query: object) => reportApi(t)(path, query);
  /** Calls at noon UTC `daysAgo` days back (0: a minute ago), each 60 s. */
  const daily = (workspaceId: string, costs: Array<[daysAgo: number, twilio: string, elevenlabs: string]>) =>
    insertCalls(
      t.db.ds,
      costs.map(([d, twilioCost, elevenlabsCost]) => ({
        workspaceId,
        twilioCost,
        elevenlabsCost,
        durationSeconds: 60,
        startedAt: d === 0 ? new Date(clock.now().getTime() - 60_000).toISOString() : `${new Date(clock.now().getTime() - d * DAY).toISOString().slice(0, 10)}T12:00:00Z`,
      })),
    );

  beforeAll(async () => {
    slack = await startSlackEmulator();
    t = await startTestApp(
      {
        ...slackEnv(slack),
        SLACK_DIGEST_CHANNEL: 'C0DIGEST',
        VENDOR_RETRY_BASE_MS: '5',
      },
      { clock },
    );
    alerts = t.app.get(AlertsService);
  });
  beforeEach(() => clock.set(NOW));
  // Each test's rules stay out of the next one's evaluations.
  afterEach(() => t.db.ds.query('UPDATE alert_rules SET active = false'));
  afterAll(async () => {
    await t.close();
    await slack.stop();
  });

  it('spike: a day over N times the trailing 7-day average fires once, for that day', async () => {
    const ws = await insertWorkspace(t.db.ds, 'spiky');
    await daily(ws, [
      [1, '0.5', '0.5'],
      [2, '0.5', '0.5'],
      [3, '0.5', '0.5'],
      [4, '0.5', '0.5'],
      [5, '0.5', '0.5'],
      [6, '0.5', '0.5'],
      [7, '0.5', '0.5'],
      [0, '4', '6'],
    ]);
    const rule = await insertRule(t.db.ds, { slackChannel: 'C0SPIKE', kind: AlertKind.Spike, workspaceId: ws, spikeMultiplier: '3' });
    await alerts.evaluate();
    await alerts.evaluate();
    const day = today();
    expect((await eventsOf(t.db.ds, rule.id)).map((e) => [e.period_key, e.status])).toEqual([[day, 'sent']]);
    expect(to('C0SPIKE')).toHaveLength(1);
    expect(to('C0SPIKE')[0]).toContain(
      `*Coste total* del ${day} es *${formatMoney('es', '10')}*, 10,0× la media diaria de los 7 días anteriores (${formatMoney('es', '1')}; umbral 3,0×).`,
    );
    expect(to('C0SPIKE')[0]).toMatch(/Quién más contribuye\*\n• .* · agent_a · 1 min · 10,00/);
  });

  it('unit cost: cost per minute drifting more than X% from its trailing average fires once', async () => {
    const ws = await insertWorkspace(t.db.ds, 'drifty');
    await daily(ws, [
      [1, '0.05', '0.05'],
      [2, '0.05', '0.05'],
      [3, '0.05', '0.05'],
      [4, '0.05', '0.05'],
      [5, '0.05', '0.05'],
      [6, '0.05', '0.05'],
      [7, '0.05', '0.05'],
      [8, '0.05', '0.05'],
      [0, '0.1', '0.06'],
    ]);
    const rule = await insertRule(t.db.ds, { slackChannel: 'C0DRIFT', kind: AlertKind.UnitCost, workspaceId: ws, driftPercent: '25' });
    await alerts.evaluate();
    await alerts.evaluate();
    expect((await eventsOf(t.db.ds, rule.id)).map((e) => e.period_key)).toEqual([today()]);
    expect(to('C0DRIFT')).toHaveLength(1);
    expect(to('C0DRIFT')[0]).toContain(`es *${formatMoney('es', '0.16', 4)}*, +60,0 % frente a la media de los 7 días anteriores (${formatMoney('es', '0.1', 4)}; margen ±25 %)`);
  });

  it('forecast: a month-end run rate over budget warns before the money is spent', async () => {
    const ws = await insertWorkspace(t.db.ds, 'runrate');
    await daily(ws, [[0, '3', '2']]);
    const month = await api('compare', { workspace: 'runrate', to: today() });
    const actual = Number(month.forecast.actualToDate);
    const forecast = Number(month.forecast.forecast);
    // A budget between what is spent and what will be at this pace.
    const budget = ((actual + forecast) / 2).toFixed(2);
    const quiet = await insertRule(t.db.ds, { slackChannel: 'C0QUIET', kind: AlertKind.Threshold, workspaceId: ws, budget });
    const rule = await insertRule(t.db.ds, { slackChannel: 'C0FORECAST', kind: AlertKind.Forecast, workspaceId: ws, budget, metric: AlertMetric.TotalCost });
    await alerts.evaluate();
    await alerts.evaluate();
    expect(await eventsOf(t.db.ds, quiet.id)).toEqual([]);
    expect((await eventsOf(t.db.ds, rule.id)).map((e) => [e.period_key, e.tier, e.status])).toEqual([[today().slice(0, 7), 0, 'sent']]);
    expect(to('C0FORECAST')).toHaveLength(1);
    expect(to('C0FORECAST')[0]).toMatch(new RegExp(`\\*Coste total\\*: la previsión a fin de mes \\(${today().slice(0, 7)}\\) es \\*[\\d.,]+\\sUS\\$\\*`));
    expect(to('C0FORECAST')[0]).toContain(`Lleva ${formatMoney('es', '5')} en`);
    expect(to('C0FORECAST')[0]).toContain(`/admin/resources/workspaces/records/${ws}/show`);
  });

  it('forecast: at 23:59:30 on the last day the month is all but over; at 00:00:30 UTC on the 1st a new month projects its own spend, for any metric', async () => {
    const ws = await insertWorkspace(t.db.ds, 'monthedge');
    await insertCalls(t.db.ds, [
      { workspaceId: ws, startedAt: '2026-11-10T12:00:00Z', twilioCost: '1', elevenlabsCost: '1', durationSeconds: 60 },
      { workspaceId: ws, startedAt: '2026-11-30T23:59:00Z', twilioCost: '1', elevenlabsCost: '1', durationSeconds: 60 },
    ]);
    const cost = await insertRule(t.db.ds, { slackChannel: 'C0EDGECOST', kind: AlertKind.Forecast, workspaceId: ws, budget: '4.5' });
    const calls = await insertRule(t.db.ds, { slackChannel: 'C0EDGECALLS', kind: AlertKind.Forecast, workspaceId: ws, budget: '100', metric: AlertMetric.Calls });
    // 4 spent with 30 seconds of November left: the month-end figure is 4 and a hair, under 4.5.
    clock.set('2026-11-30T23:59:30Z');
    await alerts.evaluate();
    expect(await eventsOf(t.db.ds, cost.id)).toEqual([]);
    expect(await eventsOf(t.db.ds, calls.id)).toEqual([]);

    // Thirty seconds into December: one call, projected over the month from at least an hour's pace (× 24 × 31).
    clock.set('2026-12-01T00:00:30Z');
    await insertCalls(t.db.ds, [{ workspaceId: ws, startedAt: '2026-12-01T00:00:10Z', twilioCost: '0.005', elevenlabsCost: '0.005', durationSeconds: 60 }]);
    await alerts.evaluate();
    expect((await eventsOf(t.db.ds, cost.id)).map((e) => e.period_key)).toEqual(['2026-12']);
    expect(to('C0EDGECOST')[0]).toContain(`la previsión a fin de mes (2026-12) es *${formatMoney('es', '7.44')}*`);
    expect(to('C0EDGECOST')[0]).toContain(`Lleva ${formatMoney('es', '0.01')} en`);
    // Calls are projected by the reporting module too: 1 call × 24 × 31 = 744.
    const [event] = await t.db.ds.query('SELECT period_key, trim_scale(value)::text AS value FROM alert_events WHERE rule_id = $1', [calls.id]);
    expect(event).toEqual({ period_key: '2026-12', value: '744' });
    const api = await request(t.app.getHttpServer())
      .get('/api/reports/compare')
      .query({ workspace: 'monthedge' })
      .set('Authorization', `Bearer ${t.config.secrets.apiToken}`)
      .expect(200);
    expect(api.body.forecast).toMatchObject({ month: '2026-12', actualToDate: '0.01', forecast: '7.440000', daysElapsed: '0.04', daysInMonth: 31 });
    // December's first half-minute against November's first half-minute.
    expect(api.body.comparedWith).toEqual({ shape: 'month', from: '2026-11-01', to: '2026-11-01', until: '2026-11-01T00:00:30.000Z' });
  });

  it('schedules the rule evaluation (ALERTS_CRON, UTC) and the digest (SLACK_DIGEST_CRON, report zone)', () => {
    const registry = t.app.get(SchedulerRegistry);
    expect(String(registry.getCronJob('alerts').cronTime.source)).toBe('0 * * * *');
    expect(String(registry.getCronJob('slack-digest').cronTime.source)).toBe('0 8 * * 1');
  });

  it('digest: last week and month to date by workspace and platform, change and budget burn', async () => {
    // Its own spend and budget: nothing here leans on what another test left behind.
    const ws = await insertWorkspace(t.db.ds, 'burner');
    await daily(ws, [
      [0, '2', '1'],
      [7, '1', '1'],
    ]);
    await insertRule(t.db.ds, { slackChannel: 'C0BURN', kind: AlertKind.Threshold, workspaceId: ws, budget: '10' });
    const result = await t.app.get(DigestService).post();
    expect(result.ok).toBe(true);
    const digest = to('C0DIGEST').at(-1)!;
    const day = today();
    const month = { from: `${day.slice(0, 7)}-01`, to: day };
    const mtd = await api('summary', month);
    expect(digest).toContain('Resumen semanal de costes');
    expect(digest).toContain(`*Mes en curso* · ${month.from} → ${day}\n*${formatMoney('es', mtd.totalCost)}*`);
    const rows = (await api('workspaces', month)).workspaces;
    for (const w of rows.filter((r: { calls: number }) => r.calls > 0)) {
      expect(digest).toContain(`• ${w.name}: ${formatMoney('es', w.twilioCost)} + ${formatMoney('es', w.elevenlabsCost)} = *${formatMoney('es', w.totalCost)}*`);
    }
    // Wednesday 18 November: last week is Monday 9 to Sunday 15, compared with the week before it.
    expect(digest).toContain('*Semana pasada* · 2026-11-09 → 2026-11-15');
    expect(digest).toContain(`${comparedWithWords('es', { from: '2026-11-02', to: '2026-11-08', until: null }, 'UTC', day)}: `);
    // Month to date runs: it is compared with October cut at the same day and time.
    expect(digest).toMatch(/frente a 1[–-]18 oct hasta las \d\d:\d\d: /);
    expect(digest).toContain(`• rule C0BURN (BURNER): ${formatMoney('es', '5')} / ${formatMoney('es', '10')} = *50,0 %*`);
  });

  it('digest: a total with calls awaiting a price or estimated says which share, beside it', async () => {
    const ws = await insertWorkspace(t.db.ds, 'pending');
    const startedAt = new Date(clock.now().getTime() - 60_000).toISOString();
    await insertCalls(t.db.ds, [
      { workspaceId: ws, startedAt, unpriced: true },
      { workspaceId: ws, startedAt, estimated: true },
      { workspaceId: ws, startedAt },
      { workspaceId: ws, startedAt },
      { workspaceId: ws, startedAt },
    ]);
    await t.app.get(DigestService).post();
    const digest = to('C0DIGEST').at(-1)!;
    const day = today();
    const mtd = await api('summary', { from: `${day.slice(0, 7)}-01`, to: day });
    // The share is worked out from the counts and rounded once, as shown (not from the API's 4-decimal share).
    const shares = provisionalShares(mtd);
    expect(digest).toContain(
      `${formatMoney('es', mtd.totalCost)}*` +
        ` (Twilio ${formatMoney('es', mtd.twilioCost)} · ElevenLabs ${formatMoney('es', mtd.elevenlabsCost)}) · ${mtd.calls} llamadas · ${Math.round(mtd.seconds / 60)} min\n` +
        `_${formatShare('es', shares.unpriced!)} de llamadas pendiente de precio de Twilio · ${formatShare('es', shares.estimated!)} de llamadas con coste de ElevenLabs estimado_`,
    );
    expect(digest).toMatch(/• PENDING: .* \(5 llamadas\) · _20,0 % de llamadas pendiente de precio de Twilio · 20,0 % de llamadas con coste de ElevenLabs estimado_/);
  });
});
