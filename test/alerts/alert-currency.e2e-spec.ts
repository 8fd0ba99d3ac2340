import { Decimal } from 'decimal.js';
import { AlertsService } from '../../src/alerts/alerts.service.js';
import { DigestService } from '../../src/alerts/digest.service.js';
import { FixedClock } from '../../src/common/clock.js';
import { ExchangeRates } from '../../src/exchange-rates/exchange-rates.service.js';
import { formatMoney } from '../../src/slack/slack-i18n.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack.emulator.js';
import { insertCalls } from '../factories/call.factory.js';
import { slackEnv, visibleText } from '../slack/slack-request.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { eventsOf, insertRule } from './alert-rules.js';

/** Wednesday 18 November 2026, 10:00 UTC. */
const NOW = '2026-11-18T10:00:00Z';

/**
 * A budget in euros on a workspace whose calls are billed in dollars: the rule measures the month in
 * euros, each day's dollars at that day's ECB rate, and fires when the euros cross it, not the dollars.
 */
describe('alert rules in their currency', () => {
  let slack: SlackEmulator;
  let t: TestApp;
  let alerts: AlertsService;
  let ws: string;
  const clock = new FixedClock(NOW);
  const to = (channel: string) => slack.messages.filter((m) => m.channel === channel).map((m) => visibleText(m as never));
  const call = (startedAt: string, twilioCost: string, elevenlabsCost: string) => insertCalls(t.db.ds, [{ workspaceId: ws, startedAt, twilioCost, elevenlabsCost }]);

  beforeAll(async () => {
    slack = await startSlackEmulator();
    t = await startTestApp({ ...slackEnv(slack), REPORT_TIMEZONE: 'UTC', REPORT_CURRENCY: 'EUR', SLACK_DIGEST_CHANNEL: 'C0DIGEST', VENDOR_RETRY_BASE_MS: '5' }, { clock });
    alerts = t.app.get(AlertsService);
    const rates = t.app.get(ExchangeRates);
    await rates.setManual('USD', '2026-11-16', '1.05');
    await rates.setManual('USD', '2026-11-17', '1.10');
    [{ id: ws }] = await t.db.ds.query(`INSERT INTO workspaces (name, slug, twilio_phone_numbers, currency) VALUES ('Euro Clinic', 'euro', '{}', 'EUR') RETURNING id`);
  });
  afterAll(async () => {
    await t.close();
    await slack.stop();
  });

  it('fires a euro budget when the euros cross it; a dollar rule on the same calls, and a rule whose rate is missing, go their own ways', async () => {
    // 0.75 $ on the 16th (at 1.05) and 1.32 $ on the 17th (at 1.10): 2.07 $, but 0.7142857143 + 1.2 = 1.9142857143 €.
    await call('2026-11-16T12:00:00Z', '0.5', '0.25');
    await call('2026-11-17T12:00:00Z', '1', '0.32');
    // First, so the rules after it are seen to run although it cannot be measured: no peso rate at all.
    const pesos = await insertRule(t.db.ds, { slackChannel: 'C0PESOS', workspaceId: ws, budget: '1', currency: 'MXN' });
    // Left empty: the workspace's currency, EUR.
    const euros = await insertRule(t.db.ds, { slackChannel: 'C0EUROS', workspaceId: ws, budget: '2' });
    const dollars = await insertRule(t.db.ds, { slackChannel: 'C0DOLLARS', workspaceId: ws, budget: '2', currency: 'USD' });

    await alerts.evaluate();
    expect(await eventsOf(t.db.ds, euros.id)).toEqual([]);
    expect((await eventsOf(t.db.ds, dollars.id)).map((e) => [e.period_key, e.tier, e.status])).toEqual([['2026-11', 100, 'sent']]);
    expect(to('C0DOLLARS')[0]).toContain(`*${formatMoney('es', '2.07', 2, 'USD')}* de ${formatMoney('es', '2', 2, 'USD')}`);
    expect(await eventsOf(t.db.ds, pesos.id)).toEqual([]);

    // 0.11 $ today, at the 17th's rate (none published since): 0.1 €, and the euros reach 2.0142857143.
    await call('2026-11-18T09:00:00Z', '0.08', '0.03');
    await alerts.evaluate();
    expect((await eventsOf(t.db.ds, euros.id)).map((e) => [e.period_key, e.tier, e.status])).toEqual([['2026-11', 100, 'sent']]);
    const euro = (v: string | Decimal) => formatMoney('es', v instanceof Decimal ? v.toFixed() : v, 2, 'EUR');
    const spent = new Decimal('0.75').div('1.05').toDecimalPlaces(10).plus('1.2').plus('0.1');
    expect(spent.toFixed()).toBe('2.0142857143');
    const [message] = to('C0EUROS');
    expect(message).toContain(`*Coste total* de este mes (2026-11: 2026-11-01 → 2026-11-18) ha alcanzado el *100 %* del presupuesto: *${euro(spent)}* de ${euro('2')}`);
    expect(message).toContain(`${euro(spent.minus(2))} por encima de la línea del 100 %`);
    // The costliest calls, in euros too: the 17th's 1.32 $ is 1.20 €.
    expect(message).toMatch(/Quién más contribuye\*\n• 2026-11-17 12:00 UTC · agent_a · 1 min · 1,20\u00a0€/);
    expect(message).toContain('importes en EUR');
    expect(message).not.toContain('US$');
    expect(to('C0DOLLARS')).toHaveLength(1);
    expect(to('C0PESOS')).toEqual([]);
    expect(await eventsOf(t.db.ds, pesos.id)).toEqual([]);
    await t.db.ds.query('UPDATE alert_rules SET active = false');
  });

  it("measures a rule left empty in its workspace's currency, or over all workspaces in REPORT_CURRENCY; the digest in REPORT_CURRENCY", async () => {
    const [{ id: dollar }] = await t.db.ds.query(`INSERT INTO workspaces (name, slug, twilio_phone_numbers, currency) VALUES ('Dollar Desk', 'dollar', '{}', 'USD') RETURNING id`);
    await insertCalls(t.db.ds, [{ workspaceId: dollar, startedAt: '2026-11-17T15:00:00Z', twilioCost: '0.6', elevenlabsCost: '0.4' }]);
    const all = await insertRule(t.db.ds, { slackChannel: 'C0ALL', budget: '2.9' });
    const desk = await insertRule(t.db.ds, { slackChannel: 'C0DESK', workspaceId: dollar, budget: '1' });
    await alerts.evaluate();
    // In euros (REPORT_CURRENCY): Euro Clinic's 2.0142857143 and Dollar Desk's 1 $ of the 17th at 1.10.
    const month = new Decimal('2.0142857143').plus(new Decimal(1).div('1.10').toDecimalPlaces(10));
    expect(month.toFixed()).toBe('2.9233766234');
    const euro = (v: string | Decimal) => formatMoney('es', v instanceof Decimal ? v.toFixed() : v, 2, 'EUR');
    expect((await eventsOf(t.db.ds, all.id)).map((e) => e.tier)).toEqual([100]);
    expect(to('C0ALL')[0]).toContain(`*${euro(month)}* de ${euro('2.9')}`);
    expect(to('C0ALL')[0]).toContain('importes en EUR');
    // Dollar Desk's own currency: 1 $ of a 1 $ budget.
    expect((await eventsOf(t.db.ds, desk.id)).map((e) => e.tier)).toEqual([100]);
    expect(to('C0DESK')[0]).toContain(`*${formatMoney('es', '1', 2, 'USD')}* de ${formatMoney('es', '1', 2, 'USD')}`);

    expect((await t.app.get(DigestService).post()).ok).toBe(true);
    const [digest] = to('C0DIGEST');
    expect(digest).toMatch(/^Resumen semanal de costes \(EUR\)/);
    expect(digest).toContain(`*Mes en curso* · 2026-11-01 → 2026-11-18\n*${euro(month)}*`);
    expect(digest).not.toContain('US$ (');
    // Each budget's burn in its rule's currency.
    expect(digest).toContain(`• rule C0ALL (todos): ${euro(month)} / ${euro('2.9')} = *100,8 %*`);
    expect(digest).toContain(`• rule C0DESK (Dollar Desk): ${formatMoney('es', '1', 2, 'USD')} / ${formatMoney('es', '1', 2, 'USD')} = *100,0 %*`);
    await t.db.ds.query('UPDATE alert_rules SET active = false');
  });
});
