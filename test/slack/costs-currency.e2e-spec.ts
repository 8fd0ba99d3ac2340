import { Decimal } from 'decimal.js';
import { FixedClock } from '../../src/common/clock.js';
import { ExchangeRates } from '../../src/exchange-rates/exchange-rates.service.js';
import { formatMoney } from '../../src/slack/slack-i18n.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack.emulator.js';
import { insertCalls } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ALLOWED_USER, fieldGroups, sendSlash, slackEnv, visibleText } from './slack-request.js';

/** Wednesday 18 November 2026, 10:00 UTC: "today" is the 18th, the month so far the 1st to the 18th. */
const NOW = '2026-11-18T10:00:00Z';
/** 1 EUR in US dollars (ECB style): a rate for the 16th and one for the 17th; the 18th has none yet, so the 17th's is in force. */
const USD_PER_EUR: Record<string, string> = { '2026-11-16': '1.05', '2026-11-17': '1.10' };
/** Acme's calls, billed in US dollars by both vendors: [UTC day, rate day, Twilio, ElevenLabs]. */
const ACME_CALLS: Array<[day: string, rateDay: string, twilio: string, elevenlabs: string]> = [
  ['2026-11-16', '2026-11-16', '0.5', '0.25'],
  ['2026-11-17', '2026-11-17', '1.2', '0.3'],
  ['2026-11-18', '2026-11-17', '0.33', '0.11'],
];

/** The hand computation: each day's dollars at that day's rate (to 10 decimals, as the money columns keep), then added up. */
function acmeInEuros(days: string[]): { twilio: string; elevenlabs: string; total: string } {
  let twilio = new Decimal(0);
  let elevenlabs = new Decimal(0);
  for (const [, rateDay, t, e] of ACME_CALLS.filter(([day]) => days.includes(day))) {
    const rate = USD_PER_EUR[rateDay];
    twilio = twilio.plus(new Decimal(t).div(rate).toDecimalPlaces(10));
    elevenlabs = elevenlabs.plus(new Decimal(e).div(rate).toDecimalPlaces(10));
  }
  return { twilio: twilio.toFixed(), elevenlabs: elevenlabs.toFixed(), total: twilio.plus(elevenlabs).toFixed() };
}

describe('/costs in a currency', () => {
  let slack: SlackEmulator;
  let t: TestApp;
  let base: string;
  const clock = new FixedClock(NOW);
  const eur = (lang: 'es' | 'en', amount: string, digits = 2) => formatMoney(lang, amount, digits, 'EUR');
  const usd = (lang: 'es' | 'en', amount: string) => formatMoney(lang, amount, 2, 'USD');

  beforeAll(async () => {
    slack = await startSlackEmulator();
    t = await startTestApp({ ...slackEnv(slack), SLACK_ALLOWED_USERS: ALLOWED_USER, REPORT_TIMEZONE: 'UTC', PUBLIC_URL: 'https://backoffice.example.com' }, { clock });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const insert = (name: string, slug: string, currency: string) =>
      t.db.ds
        .query(`INSERT INTO workspaces (name, slug, twilio_phone_numbers, currency) VALUES ($1, $2, '{}', $3) RETURNING id`, [name, slug, currency])
        .then((r) => r[0].id as string);
    const acme = await insert('Acme Dental', 'acme', 'EUR');
    const cup = await insert('Cup Coffee', 'cup', 'USD');
    const early = await insert('Early Bird', 'early', 'EUR');
    const late = await insert('Late Owl', 'late', 'EUR');
    const rates = t.app.get(ExchangeRates);
    for (const [day, rate] of Object.entries(USD_PER_EUR)) await rates.setManual('USD', day, rate);
    await insertCalls(t.db.ds, [
      ...ACME_CALLS.map(([day, , twilioCost, elevenlabsCost]) => ({ workspaceId: acme, startedAt: `${day}T09:30:00Z`, twilioCost, elevenlabsCost, durationSeconds: 60 })),
      { workspaceId: cup, startedAt: '2026-11-17T12:00:00Z', twilioCost: '2', elevenlabsCost: '1', durationSeconds: 120 },
      // Last month, before the first dollar rate: no euro figure can be given for it.
      { workspaceId: early, startedAt: '2026-10-02T12:00:00Z', twilioCost: '1', elevenlabsCost: '1' },
      // Nine days after the last dollar rate: converted at it, and said to be stale.
      { workspaceId: late, startedAt: '2026-11-26T12:00:00Z', twilioCost: '1.1', elevenlabsCost: '0' },
    ]);
  });
  beforeEach(() => clock.set(NOW));
  afterAll(async () => {
    await t.close();
    await slack.stop();
  });

  it("answers /costs acme in its client's euros, each day's dollars at that day's rate, to the cent", async () => {
    const res = await sendSlash(base, 'acme');
    expect(res.status).toBe(200);
    const reply = res.body!;
    expect(reply.text).toMatch(/^Costes en EUR · Acme Dental: /);
    const today = acmeInEuros(['2026-11-18']);
    const month = acmeInEuros(['2026-11-16', '2026-11-17', '2026-11-18']);
    // Written out: 0.5/1.05 + 1.2/1.10 + 0.33/1.10 and 0.25/1.05 + 0.3/1.10 + 0.11/1.10.
    expect(month).toEqual({ twilio: '1.8670995671', elevenlabs: '0.6108225108', total: '2.4779220779' });
    const [todayFields, monthFields] = fieldGroups(reply);
    expect(todayFields.slice(2)).toEqual([
      `*Twilio*\n${eur('es', today.twilio)}`,
      `*ElevenLabs*\n${eur('es', today.elevenlabs)}`,
      `*Total*\n*${eur('es', today.total)}*`,
      `*Coste/min*\n${eur('es', today.total, 4)}`,
    ]);
    expect(monthFields.slice(2, 5)).toEqual([`*Twilio*\n${eur('es', month.twilio)}`, `*ElevenLabs*\n${eur('es', month.elevenlabs)}`, `*Total*\n*${eur('es', month.total)}*`]);
    expect(monthFields[4]).toBe('*Total*\n*2,48\u00a0€*');
    // At one rate for the whole month (the 17th's) it would read 2,52 €.
    expect(visibleText(reply)).not.toContain('2,52');
    expect(visibleText(reply)).not.toContain('US$');
  });

  it('answers in the currency named, wherever it is typed, the amounts as the reporting API gives them', async () => {
    const [, monthUsd] = fieldGroups((await sendSlash(base, 'acme usd')).body!);
    expect(monthUsd[4]).toBe(`*Total*\n*${usd('es', '2.69')}*`);
    for (const text of ['acme month USD', 'acme usd month', 'USD acme month']) {
      const reply = (await sendSlash(base, text)).body!;
      expect(reply.text).toMatch(/^Costs in USD · Acme Dental: /);
      expect(fieldGroups(reply)[0][4]).toBe(`*Total*\n*${usd('en', '2.69')}*`);
    }
    // All workspaces in euros: Cup's 3 dollars of the 17th at 1.10, Acme's as above.
    const all = (await sendSlash(base, '2026-11-16..2026-11-18 eur')).body!;
    expect(all.text).toMatch(/^Costes en EUR · todos los workspaces: /);
    const cup = new Decimal(2).div('1.10').toDecimalPlaces(10).plus(new Decimal(1).div('1.10').toDecimalPlaces(10));
    const acme = acmeInEuros(['2026-11-16', '2026-11-17', '2026-11-18']).total;
    expect(fieldGroups(all)[0][4]).toBe(`*Total*\n*${eur('es', cup.plus(acme).toFixed())}*`);
    expect(visibleText(all)).toContain(`1. Cup Coffee — ${eur('es', cup.toFixed())}`);
    expect(visibleText(all)).toContain(`2. Acme Dental — ${eur('es', acme)}`);
  });

  it('answers all workspaces in REPORT_CURRENCY when none is named, and compare in the one named', async () => {
    expect((await sendSlash(base, '2026-11-16..2026-11-18')).body!.text).toMatch(/^Costes en USD · todos los workspaces: 5,69\u00a0US\$/);
    const cmp = (await sendSlash(base, 'compare week eur')).body!;
    expect(cmp.text).toMatch(/^Costs in EUR · all workspaces: /);
    expect(visibleText(cmp)).toContain('*Previous period* · 2026-11-09 → 2026-11-11');
  });

  it("reads a workspace whose slug is a currency code (CUP) as the workspace, in its client's currency", async () => {
    const reply = (await sendSlash(base, 'cup 2026-11-17')).body!;
    expect(reply.text).toMatch(/^Costes en USD · Cup Coffee: 3,00\u00a0US\$/);
    const inEuros = (await sendSlash(base, 'cup 2026-11-17 eur')).body!;
    expect(inEuros.text).toMatch(/^Costes en EUR · Cup Coffee: /);
    expect(fieldGroups(inEuros)[0][4]).toBe(`*Total*\n*${eur('es', '2.7272727273')}*`);
  });

  it('names the currency and the day of a missing rate, privately, instead of failing', async () => {
    const noTarget = await sendSlash(base, 'acme mes mxn');
    expect(noTarget.status).toBe(200);
    expect(noTarget.body!.response_type).toBe('ephemeral');
    // The first day with an amount to convert: the 16th, and no peso rate on or before it.
    expect(visibleText(noTarget.body!)).toBe(
      'No puedo dar los costes en MXN: no hay tipo de cambio de MXN del 2026-11-16 ni de ningún día anterior. Un administrador puede añadirlo en el panel (Tipos de cambio).',
    );
    // Early Bird answers in euros by default; its dollars of 2 October have no rate on or before that day.
    const noSource = await sendSlash(base, 'early last-month');
    expect(noSource.body!.response_type).toBe('ephemeral');
    expect(noSource.body!.text).toBe(
      'I cannot give the costs in EUR: there is no exchange rate for USD on or before 2026-10-02. An admin can add one in the panel (Exchange rates).',
    );
    // In the dollars it was billed in, nothing needs converting.
    expect((await sendSlash(base, 'early last-month usd')).body!.text).toMatch(/^Costs in USD · Early Bird: \$2\.00/);
  });

  it('says when a figure was converted at a rate over a week old', async () => {
    const reply = (await sendSlash(base, 'late 2026-11-26')).body!;
    expect(fieldGroups(reply)[0][4]).toBe(`*Total*\n*${eur('es', '1')}*`);
    expect(visibleText(reply)).toContain('Tipo de USD del 2026-11-17 usado para 2026-11-26: el BCE no publica desde hace más de 7 días');
    expect(visibleText((await sendSlash(base, 'acme month')).body!)).not.toContain('rate of');
  });

  it('tells of the currency word in help and usage, in both languages', async () => {
    expect(visibleText((await sendSlash(base, 'help')).body!)).toContain('`/costs … <currency>`');
    expect(visibleText((await sendSlash(base, 'ayuda')).body!)).toContain('`/costs … <moneda>`');
    expect(visibleText((await sendSlash(base, '2026-13 eur')).body!)).toContain('`/costs <workspace> [periodo] [moneda]`');
  });
});
