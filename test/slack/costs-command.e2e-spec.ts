import { FixedClock } from '../../src/common/clock.js';
import { comparedWithWords, periodRange, type PeriodSpec, todayIn } from '../../src/reporting/periods.js';
import type { Lang } from '../../src/slack/costs-command.parser.js';
import { figureFields } from '../../src/slack/costs-messages.js';
import { formatMoney } from '../../src/slack/slack-i18n.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack.emulator.js';
import { insertCalls } from '../factories/call.factory.js';
import { reportApi, startTestApp, type TestApp } from '../support/test-app.js';
import { ALLOWED_USER, fieldGroups, sendSlash, slackEnv, type SlackReply, visibleText } from './slack-request.js';

const TZ = 'Europe/Madrid';
const DAY = 86_400_000;
/** 04:00 on Wednesday 2 December in Madrid: every answer below is about this moment, whatever the wall clock says. */
const NOW = '2026-12-02T03:00:00Z';

type Expect = { lang: Lang; periods: PeriodSpec[]; workspace?: 'acme'; compare?: boolean };

/** Every form of the grammar, in both languages, and what it must answer. */
const FORMS: Array<[string, Expect]> = [
  ['', { lang: 'es', periods: [{ kind: 'today' }, { kind: 'month' }] }],
  ['today', { lang: 'en', periods: [{ kind: 'today' }] }],
  ['hoy', { lang: 'es', periods: [{ kind: 'today' }] }],
  ['yesterday', { lang: 'en', periods: [{ kind: 'yesterday' }] }],
  ['ayer', { lang: 'es', periods: [{ kind: 'yesterday' }] }],
  ['week', { lang: 'en', periods: [{ kind: 'week' }] }],
  ['semana', { lang: 'es', periods: [{ kind: 'week' }] }],
  ['month', { lang: 'en', periods: [{ kind: 'month' }] }],
  ['mes', { lang: 'es', periods: [{ kind: 'month' }] }],
  ['last-month', { lang: 'en', periods: [{ kind: 'last-month' }] }],
  ['mes-pasado', { lang: 'es', periods: [{ kind: 'last-month' }] }],
  ['7d', { lang: 'es', periods: [{ kind: 'days', days: 7 }] }],
  ['30d', { lang: 'es', periods: [{ kind: 'days', days: 30 }] }],
  ['<last-month-yyyy-mm>', { lang: 'es', periods: [] }],
  ['<range>', { lang: 'es', periods: [] }],
  ['acme', { lang: 'es', workspace: 'acme', periods: [{ kind: 'today' }, { kind: 'month' }] }],
  ['ACME DENTAL week', { lang: 'en', workspace: 'acme', periods: [{ kind: 'week' }] }],
  ['acme 30d', { lang: 'es', workspace: 'acme', periods: [{ kind: 'days', days: 30 }] }],
  ['Acme mes-pasado', { lang: 'es', workspace: 'acme', periods: [{ kind: 'last-month' }] }],
  ['compare', { lang: 'en', compare: true, periods: [{ kind: 'month' }] }],
  ['comparar', { lang: 'es', compare: true, periods: [{ kind: 'month' }] }],
  ['compare 7d', { lang: 'en', compare: true, periods: [{ kind: 'days', days: 7 }] }],
  ['comparar semana', { lang: 'es', compare: true, periods: [{ kind: 'week' }] }],
];

describe('/costs through signed Slack requests', () => {
  let slack: SlackEmulator;
  let t: TestApp;
  let base: string;
  let acmeId: string;
  let initechId: string;
  let today: string;
  const clock = new FixedClock(NOW);
  const api = (path: string, query: object) => reportApi(t)(path, query);

  beforeAll(async () => {
    slack = await startSlackEmulator();
    t = await startTestApp(
      {
        ...slackEnv(slack),
        SLACK_ALLOWED_USERS: `${ALLOWED_USER},U0ALLOWED2`,
        REPORT_TIMEZONE: TZ,
        PUBLIC_URL: 'https://backoffice.example.com',
      },
      { clock },
    );
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const insert = (name: string, slug: string) =>
      t.db.ds.query(`INSERT INTO workspaces (name, slug, twilio_phone_numbers) VALUES ($1, $2, '{}') RETURNING id`, [name, slug]).then((r) => r[0].id as string);
    acmeId = await insert('Acme Dental', 'acme');
    const globex = await insert('Globex Realty', 'globex');
    initechId = await insert('Initech Freight', 'initech');
    today = todayIn(TZ, clock.now());
    const now = clock.now().getTime();
    const lastMonth15 = `${periodRange({ kind: 'last-month' }, today).from.slice(0, 7)}-15T12:00:00Z`;
    const at = (ms: number) => new Date(now - ms).toISOString();
    const seeds = [
      [at(60_000), '0.01234', '0.0871'],
      [at(DAY + 3_600_000), '0.5', '0.25'],
      [at(3 * DAY), '0.125', '1.3333333'],
      [at(8 * DAY), '0.075', '0.015'],
      [at(20 * DAY), '2.5', '0.7777'],
      [lastMonth15, '1.11', '2.22'],
      [at(70 * DAY), '0.9', '0.1'],
    ];
    await insertCalls(
      t.db.ds,
      seeds.flatMap(([startedAt, twilioCost, elevenlabsCost], i) => [
        { workspaceId: acmeId, startedAt, twilioCost, elevenlabsCost, durationSeconds: 60 + i * 17 },
        { workspaceId: globex, startedAt, twilioCost: String(Number(twilioCost) * 3), elevenlabsCost, durationSeconds: 200 + i },
      ]),
    );
  });
  beforeEach(() => clock.set(NOW));
  afterAll(async () => {
    await t.close();
    await slack.stop();
  });

  it('acks a signed request with the answer (Bolt first checked its token with auth.test)', async () => {
    const res = await sendSlash(base, 'hoy');
    expect(res.status).toBe(200);
    expect(res.body?.response_type).toBe('ephemeral');
    expect(visibleText(res.body!)).toContain('Llamadas');
    expect(slack.requests.some((r) => r.method === 'auth.test' && r.ok)).toBe(true);
    expect((await sendSlash(base, 'hoy', { path: '/slack/commands' })).status).toBe(200);
  });

  it.each([
    ['forged (wrong secret)', { secret: 'not-the-signing-secret-at-all-000' }],
    ['unsigned', { signed: false }],
    ['stale (6 minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
    ['dated 6 minutes ahead', { timestamp: Math.floor(Date.now() / 1000) + 360 }],
  ])('refuses a %s request with 401 and does nothing', async (_, options) => {
    const responses = slack.responses.length;
    const res = await sendSlash(base, 'hoy', { ...options, responseUrl: slack.responseUrl('forged') });
    expect(res.status).toBe(401);
    expect(res.body).toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.responses.length).toBe(responses);
  });

  it.each(FORMS)('/costs %s answers with the reporting API figures for the same scope', async (form, expected) => {
    let text = form;
    let periods = expected.periods.map((p) => periodRange(p, today));
    if (form === '<last-month-yyyy-mm>') {
      const r = periodRange({ kind: 'last-month' }, today);
      text = r.from.slice(0, 7);
      periods = [r];
    }
    if (form === '<range>') {
      periods = [{ from: periodRange({ kind: 'days', days: 25 }, today).from, to: periodRange({ kind: 'days', days: 2 }, today).from }];
      text = `${periods[0].from}..${periods[0].to}`;
    }
    const res = await sendSlash(base, text);
    expect(res.status).toBe(200);
    const reply = res.body as SlackReply;
    const seen = visibleText(reply);
    expect(seen).not.toMatch(/Error|at .*\.ts:\d+/);
    const ws = expected.workspace ? { workspace: acmeId } : {};
    const groups = fieldGroups(reply);
    const wanted: string[][] = [];
    for (const range of periods) {
      const q = { ...range, ...ws };
      const cmp = await api('compare', q);
      expect(seen).toContain(range.from === range.to ? range.from : `${range.from} → ${range.to}`);
      if (cmp.current.calls > 0) wanted.push(figureFields(expected.lang, cmp.current));
      if (expected.compare) wanted.push(figureFields(expected.lang, cmp.previous));
      // What the change is measured against, in words: the reporting module's comparedWith.
      expect(seen).toContain(comparedWithWords(expected.lang, cmp.comparedWith, TZ, today));
    }
    expect(groups).toEqual(wanted);
    // The month-end forecast shows when the answer's last period runs to today, as the API's compare gives it.
    const last = periods[periods.length - 1];
    const forecastLine = `${expected.lang === 'es' ? 'Previsión fin de mes' : 'Month-end forecast'} (${today.slice(0, 7)})`;
    const fc = (await api('compare', { ...last, ...ws })).forecast;
    if (last.to === today && fc.forecast !== fc.actualToDate) {
      expect(seen).toContain(forecastLine);
    } else {
      expect(seen).not.toContain(forecastLine);
    }
    expect(seen).toContain(expected.lang === 'es' ? 'Llamadas' : 'Calls');
    if (expected.workspace) {
      expect(seen).toContain(`https://backoffice.example.com/admin/resources/workspaces/records/${acmeId}/show`);
    } else {
      expect(seen).toContain('<https://backoffice.example.com/admin|');
      const last = periods[periods.length - 1];
      const rows = (await api('workspaces', last)).workspaces.filter((w: { calls: number }) => w.calls > 0);
      rows.forEach((w: { name: string; totalCost: string }, i: number) => expect(seen).toContain(`${i + 1}. ${w.name} — ${formatMoney(expected.lang, w.totalCost)}`));
    }
  });

  it('answers help and ayuda in their language', async () => {
    expect(visibleText((await sendSlash(base, 'help')).body!)).toContain('/costs compare [period]');
    expect(visibleText((await sendSlash(base, 'ayuda')).body!)).toContain('/costs comparar [periodo]');
  });

  it('suggests the closest workspaces for an unknown one', async () => {
    const res = await sendSlash(base, 'acmee semana');
    expect(res.status).toBe(200);
    expect(visibleText(res.body!)).toMatch(/No hay ningún workspace «acmee».*`acme` \(Acme Dental\)/s);
  });

  it.each(['2026-13', 'semana 45d7', '2026-10-20..2026-10-01', 'acme 99999d'])('answers the bad period in "%s" with the usage line', async (text) => {
    const res = await sendSlash(base, text);
    expect(res.status).toBe(200);
    const seen = visibleText(res.body!);
    expect(seen).toContain('Uso: `/costs');
    expect(seen).toContain('No entiendo el periodo');
  });

  it('keeps /costs to the allowlisted users', async () => {
    const res = await sendSlash(base, 'mes', { userId: 'U0STRANGER' });
    expect(visibleText(res.body!)).toBe('No tienes permiso para consultar costes aquí.');
  });

  it('acks within 3 s and answers through response_url when the query is slow', async () => {
    // Another session holds the tables the reports read, so the answer cannot be ready in time.
    const runner = t.db.ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('LOCK TABLE call_hourly_rollups, calls IN ACCESS EXCLUSIVE MODE');
    const release = setTimeout(() => void runner.rollbackTransaction().then(() => runner.release()), 3500);
    try {
      const res = await sendSlash(base, 'mes', { responseUrl: slack.responseUrl('slow-1') });
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(3000);
      expect(res.body?.text).toContain('Calculando');
      await slack.waitFor((s) => s.responses.some((r) => r.id === 'slow-1'), 15_000);
    } finally {
      clearTimeout(release);
      if (!runner.isReleased) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
    const late = slack.responses.find((r) => r.id === 'slow-1')!.body as unknown as SlackReply & { replace_original: boolean };
    expect(late.replace_original).toBe(true);
    const cmp = await api('compare', periodRange({ kind: 'month' }, today));
    expect(fieldGroups(late)).toEqual([figureFields('es', cmp.current)]);
  });

  it('labels a provisional total with the share of calls awaiting a price or estimated, and a fully priced one not at all', async () => {
    const provisional = /pendiente de precio|coste de ElevenLabs estimado|awaiting|estimated/;
    expect(visibleText((await sendSlash(base, 'acme 30d')).body!)).not.toMatch(provisional);
    // Four calls a minute ago: one still without Twilio's price, one with an estimated ElevenLabs cost.
    const startedAt = new Date(clock.now().getTime() - 60_000).toISOString();
    await insertCalls(t.db.ds, [
      { workspaceId: initechId, startedAt, unpriced: true, elevenlabsCost: '0.2' },
      { workspaceId: initechId, startedAt, twilioCost: '0.1', elevenlabsCost: '0.3', estimated: true },
      { workspaceId: initechId, startedAt, twilioCost: '0.1', elevenlabsCost: '0.25' },
      { workspaceId: initechId, startedAt, twilioCost: '0.1', elevenlabsCost: '0.25' },
    ]);
    const [es] = fieldGroups((await sendSlash(base, 'initech 30d')).body!);
    expect(es.slice(2, 5)).toEqual([
      `*Twilio*\n${formatMoney('es', '0.3')}\n_25,0 % de llamadas pendiente de precio de Twilio_`,
      `*ElevenLabs*\n${formatMoney('es', '1')}\n_25,0 % de llamadas con coste de ElevenLabs estimado_`,
      `*Total*\n*${formatMoney('es', '1.3')}*\n_25,0 % de llamadas pendiente de precio de Twilio · 25,0 % de llamadas con coste de ElevenLabs estimado_`,
    ]);
    const [en] = fieldGroups((await sendSlash(base, 'initech today')).body!);
    expect(en[4]).toBe(`*Total*\n*${formatMoney('en', '1.3')}*\n_25.0 % of calls awaiting Twilio's price · 25.0 % of calls at an estimated ElevenLabs cost_`);
    // All workspaces: the top list labels Initech's total only.
    const all = visibleText((await sendSlash(base, '30d')).body!);
    expect(all).toMatch(/\d\. Initech Freight — [^\n]+ · _25,0 % de llamadas pendiente de precio de Twilio · 25,0 % de llamadas con coste de ElevenLabs estimado_/);
    expect(all).toMatch(/\d\. Acme Dental — [^\n_]+(\n|$)/);
  });

  it('compares by the calendar and says with what: this month so far against 1–2 November until 04:00, last month against all of October', async () => {
    expect(visibleText((await sendSlash(base, 'comparar')).body!)).toContain('frente a 1–2 nov hasta las 04:00');
    expect((await api('compare', { from: '2026-12-01', to: '2026-12-02' })).comparedWith).toEqual({
      shape: 'month',
      from: '2026-11-01',
      to: '2026-11-02',
      until: '2026-11-02T03:00:00.000Z',
    });
    const last = visibleText((await sendSlash(base, 'compare last-month')).body!);
    expect(last).toMatch(/vs 1\s–\s31 Oct:/);
    expect(last).toContain('*Previous period* · 2026-10-01 → 2026-10-31');
    // Wednesday: Monday to Wednesday 04:00 against Monday to Wednesday 04:00 a week before, not Friday–Sunday.
    expect(visibleText((await sendSlash(base, 'comparar semana')).body!)).toContain('frente a 23–25 nov hasta las 04:00');
  });

  it("on Madrid's 23-hour Sunday, today is compared with Saturday up to the same wall time", async () => {
    clock.set('2026-03-29T10:00:00Z'); // 12:00 summer time; Saturday's 12:00 was winter time
    const seen = visibleText((await sendSlash(base, 'comparar hoy')).body!);
    expect(seen).toContain('*Periodo* · 2026-03-29 (Europe/Madrid)');
    expect(seen).toContain('frente a 28 mar hasta las 12:00');
    expect((await api('compare', { from: '2026-03-29', to: '2026-03-29' })).comparedWith.until).toBe('2026-03-28T11:00:00.000Z');
  });

  it("at 23:59:30 on a month's last day and 30 seconds after midnight UTC, the periods follow Madrid's calendar", async () => {
    clock.set('2026-11-30T22:59:30Z'); // 23:59:30 on 30 November in Madrid
    const late = visibleText((await sendSlash(base, 'month')).body!);
    expect(late).toContain('*Period* · 2026-11-01 → 2026-11-30 (Europe/Madrid)');
    expect(late).toMatch(/vs 1\s–\s30 Oct until 23:59:/);
    clock.set('2026-12-01T00:00:30Z'); // 01:00:30 on 1 December in Madrid
    const early = visibleText((await sendSlash(base, 'month')).body!);
    expect(early).toContain('*Period* · 2026-12-01 (Europe/Madrid)');
    expect(early).toContain('vs 1 Nov until 01:00:');
  });
});
