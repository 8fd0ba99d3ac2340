import { Decimal } from 'decimal.js';
import request from 'supertest';
import { AlertKind } from '../../src/entities/alert-rule.entity.js';
import { ReconciliationReport } from '../../src/reporting/reconciliation.report.js';
import { formatMoney } from '../../src/slack/slack-i18n.js';
import { SyncService } from '../../src/sync/sync.service.js';
import { insertRule } from '../alerts/alert-rules.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack.emulator.js';
import type { EmulatedCall } from '../emulators/twilio/twilio.store.js';
import { slackEnv, visibleText } from '../slack/slack-request.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectedTwilio, type SyncFixture, startSyncFixture } from './sync-fixture.js';
import { aDayLater } from './a-day-later.js';
import { createWorkspaces, same, syncAndWait, totals } from './sync-helpers.js';

const DAY = 86_400_000;
const UNCLAIMED = '+15550009999';
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
let sidCounter = 0;

/** A Twilio leg at noon UTC `daysAgo` days back, one minute long. */
function leg(daysAgo: number, over: Partial<EmulatedCall>): EmulatedCall {
  const startTime = new Date(`${day(-daysAgo)}T12:00:00Z`);
  return {
    sid: `CA${(++sidCounter).toString(16).padStart(32, 'f')}`,
    parentCallSid: null,
    to: UNCLAIMED,
    from: '+15557654321',
    phoneNumberSid: null,
    status: 'completed',
    direction: 'inbound',
    startTime,
    endTime: new Date(startTime.getTime() + 60_000),
    durationSeconds: 60,
    price: '-0.01000',
    ...over,
  };
}

interface LedgerDay {
  accountSid: string;
  day: string;
  twilioCost: string;
  ourCost: string;
  pendingLegs: number;
  unclaimedCost: string;
  unexplained: string;
  status: string;
}

describe('the ledger: late prices, unclaimed numbers, repair and drift against Twilio', () => {
  let fx: SyncFixture;
  let slack: SlackEmulator;
  let t: TestApp;
  let ruleId: string;
  let lateSid: string;
  /** A call on the second workspace's number 20 days ago, priced only after the others. */
  let laterSid: string;
  /** An ElevenLabs conversation ten days old still `processing` at the first sync. */
  let unfinished: { conversation_id: string; status: string; metadata: { cost?: number | null; start_time_unix_secs: number } };
  const auth = () => `Bearer ${t.config.secrets.apiToken}`;
  const ledger = async (from = day(-45), to = day(0)) =>
    (await request(t.app.getHttpServer()).get('/api/reports/reconciliation').query({ from, to }).set('Authorization', auth()).expect(200)).body as {
      currency: string | null;
      days: Array<LedgerDay & { currency: string }>;
      totals: Record<string, string | number>;
      totalsByCurrency: Record<string, Record<string, string | number>>;
      unclaimedNumbers: Array<{ number: string; legs: number; cost: string }>;
    };
  const account = () => fx.calls.accountSid;
  /** Account-wide listings of one UTC day: no To or From, bounded to that day. */
  const accountWide = () => fx.twilio.requests.filter((r) => r.path.endsWith('/Calls.json') && !r.query.To && !r.query.From);
  // The adapter asks from one second before midnight, so a call starting on the bound is kept.
  const dayListings = (d: string) => accountWide().filter((r) => Date.parse(r.query['StartTime>']) === Date.parse(`${d}T00:00:00Z`) - 1000);
  /** Runs a sync and waits for what follows it (the alert evaluation) too. */
  const sync = async () => {
    const run = await syncAndWait(t);
    await t.app.get(SyncService).settled();
    return run;
  };
  const ledgerAlerts = () => slack.messages.filter((m) => m.channel === 'C0LEDGER').map((m) => visibleText(m as never));

  beforeAll(async () => {
    fx = await startSyncFixture({ calls: 240 });
    // A number on the account that no workspace claims, costing money ten days ago.
    fx.twilio.addCalls(account(), [leg(10, { price: '-0.25000' }), leg(10, { price: '-0.13000', durationSeconds: 35 })]);
    // A call on a workspace's number 30 days ago whose price only arrives much later.
    const late = leg(30, { to: fx.workspaces[0].numbers[0], price: null, pendingPrice: '-0.42000' });
    lateSid = late.sid;
    const later = leg(20, { to: fx.workspaces[1].numbers[0], price: null, pendingPrice: '-0.33000' });
    laterSid = later.sid;
    fx.twilio.addCalls(account(), [late, later]);
    const tenDaysAgo = Date.now() / 1000 - 10 * 86_400;
    unfinished = fx.workspaces[0].conversations.conversations.find((c) => c.metadata.start_time_unix_secs < tenDaysAgo && c.metadata.cost)!;
    unfinished.status = 'processing';
    slack = await startSlackEmulator();
    t = await startTestApp({
      ...fx.env,
      // The window reaches back three days; older unpriced legs are asked about on their own.
      SYNC_PRICE_PENDING_MAX_HOURS: '72',
      ...slackEnv(slack),
    });
    await createWorkspaces(t, fx);
    ruleId = (await insertRule(t.db.ds, { slackChannel: 'C0LEDGER', kind: AlertKind.LedgerDrift, name: 'Twilio ledger' })).id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await fx?.stop();
    await slack?.stop();
  });

  it('explains every day on the first sync: the unclaimed number by number, pending legs counted, nothing unexplained', async () => {
    expect((await sync()).status).toBe('succeeded');
    const { days, totals: sum, unclaimedNumbers, currency, totalsByCurrency } = await ledger();
    expect(currency).toBe('USD');
    expect(totalsByCurrency).toEqual({ USD: sum });
    expect(days.length).toBeGreaterThan(25);
    for (const d of days) expect({ day: d.day, unexplained: d.unexplained }).toEqual({ day: d.day, unexplained: '0' });
    const tenAgo = days.find((d) => d.day === day(-10))!;
    same(tenAgo.unclaimedCost, '0.38');
    expect(unclaimedNumbers).toEqual([{ accountSid: account(), number: UNCLAIMED, legs: 2, cost: '0.38', pendingLegs: 0, firstDay: day(-10), lastDay: day(-10) }]);
    // The day was listed account-wide once to find it; days that already matched were not.
    expect(dayListings(day(-10))).toHaveLength(1);
    expect(accountWide()).toHaveLength(1);
    const pending = days.filter((d) => d.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((d) => d.pendingLegs > 0)).toBe(true);
    expect(days.find((d) => d.day === day(-30))).toMatchObject({ status: 'pending' });
    same(String(sum.twilioCost), new Decimal(String(sum.ourCost)).plus(String(sum.unclaimedCost)).toFixed());
    expect(Object.keys(days[0]).sort()).toEqual(['accountSid', 'currency', 'day', 'ourCost', 'pendingLegs', 'status', 'twilioCost', 'unclaimedCost', 'unexplained']);
    // The account bills in dollars (Twilio's price_unit): every row and the totals say so.
    expect(new Set(days.map((d) => d.currency))).toEqual(new Set(['USD']));
    expect(Object.keys(sum).sort()).toEqual(['ourCost', 'pendingLegs', 'twilioCost', 'unclaimedCost', 'unexplained']);
  });

  it('picks up late prices of any age (a 30-day-old call included) with at most one request per old leg, and an old unfinished conversation by id; totals equal the bill to the cent', async () => {
    const [{ old }] = await t.db.ds.query(
      `SELECT (SELECT count(*) FROM calls WHERE twilio_own_cost IS NULL AND started_at < now() - interval '72 hours')
            + (SELECT count(*) FROM twilio_child_legs l JOIN calls c ON c.twilio_call_sid = l.parent_call_sid
                WHERE l.cost IS NULL AND c.started_at < now() - interval '72 hours') AS old`,
    );
    expect(Number(old)).toBeGreaterThan(5);
    const [overdue] = await t.db.ds.query(`SELECT twilio_price_overdue AS overdue FROM calls WHERE twilio_call_sid = $1`, [lateSid]);
    expect(overdue).toEqual({ overdue: true });
    // Right after a sync nothing is asked again (the back-off): an old leg costs a request a day, not one a run.
    const idle = fx.twilio.requests.length;
    expect((await sync()).status).toBe('succeeded');
    expect(
      fx.twilio.requests
        .slice(idle)
        .filter((r) => /\/Calls\/CA\w+\.json$/.test(r.path) || ((r.query.To || r.query.From) && Date.parse(r.query['StartTime>']) < Date.now() - 5 * DAY)),
    ).toHaveLength(0);
    expect(fx.twilio.finalizeAll()).toBeGreaterThan(0);
    fx.twilio.priceCall(laterSid, null); // this one stays unpriced a while longer
    // The unfinished conversation is done by now, and ElevenLabs charged more for it than at first.
    unfinished.status = 'done';
    unfinished.metadata.cost = (unfinished.metadata.cost ?? 0) + 1000;
    await aDayLater(t.db.ds);
    const seen = fx.twilio.requests.length;
    const seenEleven = fx.elevenlabs.requests.length;
    expect((await sync()).status).toBe('succeeded');
    const revisits = fx.twilio.requests.slice(seen).filter((r) => /\/Calls\/CA\w+\.json$/.test(r.path));
    const dayRelists = fx.twilio.requests
      .slice(seen)
      .filter((r) => (r.query.To || r.query.From) && r.query['StartTime>'] && Date.parse(r.query['StartTime>']) < Date.now() - 5 * DAY);
    expect(revisits.length + dayRelists.length).toBeGreaterThan(0);
    expect(revisits.length + dayRelists.length).toBeLessThanOrEqual(Number(old));
    // The late prices came from the revisits, not from the ledger's account-wide listing.
    expect(accountWide()).toHaveLength(1);

    // The data set's legs, plus the late call added on the first workspace's number.
    for (const [i, w] of fx.workspaces.entries()) same((await totals(t, w.slug)).twilio_cost, new Decimal(expectedTwilio(fx, w).cost).plus(i === 0 ? '0.42' : 0).toFixed());
    const [late] = await t.db.ds.query(`SELECT twilio_cost::text AS cost, twilio_price_final AS final, twilio_price_overdue AS overdue FROM calls WHERE twilio_call_sid = $1`, [
      lateSid,
    ]);
    expect({ ...late, cost: new Decimal(late.cost).toFixed() }).toEqual({ cost: '0.42', final: true, overdue: false });

    const { days, totals: sum } = await ledger();
    const waiting = (d: string) => d === day(-20);
    for (const d of days) {
      expect({ day: d.day, status: d.status, unexplained: d.unexplained, pending: d.pendingLegs }).toEqual(
        waiting(d.day) ? { day: d.day, status: 'pending', unexplained: '0', pending: 1 } : { day: d.day, status: 'reconciled', unexplained: '0', pending: 0 },
      );
    }
    // The bill, to the cent: what Twilio's Usage Records say is what the workspaces and the unclaimed number hold.
    const [{ billed }] = await t.db.ds.query(`SELECT sum(cost)::text AS billed FROM twilio_usage_days WHERE scope = 'all'`);
    const held = fx.workspaces.reduce(async (acc, w) => (await acc).plus((await totals(t, w.slug)).twilio_cost), Promise.resolve(new Decimal('0.38')));
    same(billed, (await held).toFixed());
    same(String(sum.unexplained), '0');

    // The old unfinished conversation was read again by id (the window no longer reaches ten days back).
    const reads = fx.elevenlabs.requests.slice(seenEleven).filter((r) => r.path.endsWith(`/conversations/${unfinished.conversation_id}`));
    expect(reads).toHaveLength(1);
    const [conv] = await t.db.ds.query(`SELECT elevenlabs_status AS status, elevenlabs_credits::int AS credits FROM calls WHERE elevenlabs_conversation_id = $1`, [
      unfinished.conversation_id,
    ]);
    expect(conv).toEqual({ status: 'completed', credits: unfinished.metadata.cost });
  });

  it('a price that arrives inside the back-off is still picked up by the next sync: Twilio billed more that day, so the day is listed', async () => {
    fx.twilio.priceCall(laterSid, '-0.33000');
    const seen = fx.twilio.requests.length;
    expect((await sync()).status).toBe('succeeded');
    // Asked by SID a moment ago, so not again; the moved Usage Record sent the sync to that day instead.
    expect(fx.twilio.requests.slice(seen).filter((r) => r.path.endsWith(`/Calls/${laterSid}.json`))).toHaveLength(0);
    expect(dayListings(day(-20))).toHaveLength(1);
    const [later] = await t.db.ds.query(`SELECT twilio_cost::text AS cost, twilio_price_final AS final FROM calls WHERE twilio_call_sid = $1`, [laterSid]);
    expect({ ...later, cost: new Decimal(later.cost).toFixed() }).toEqual({ cost: '0.33', final: true });
    expect((await ledger()).days.find((d) => d.day === day(-20))).toMatchObject({ status: 'reconciled', unexplained: '0', pendingLegs: 0 });
  });

  it('repairs a day whose leg on a workspace number the window never re-read, by listing the day account-wide', async () => {
    // Twilio shows a call six days back that our per-number windows (already past that day) will not list again.
    const missed = leg(6, { to: fx.workspaces[1].numbers[0], price: '-0.07000' });
    fx.twilio.addCalls(account(), [missed]);
    expect((await sync()).status).toBe('succeeded');
    expect(dayListings(day(-6))).toHaveLength(1);
    const [row] = await t.db.ds.query(`SELECT w.slug FROM calls c JOIN workspaces w ON w.id = c.workspace_id WHERE c.twilio_call_sid = $1`, [missed.sid]);
    expect(row).toEqual({ slug: fx.workspaces[1].slug });
    expect((await ledger()).days.find((d) => d.day === day(-6))).toMatchObject({ status: 'reconciled', unexplained: '0' });
  });

  it('a closed day that still drifts after it is listed again stays drift and is alerted once', async () => {
    const store = fx.twilio.accounts.get(account())!;
    const billed = store.usageFor('calls', day(-8));
    fx.twilio.setUsage(account(), { date: day(-8), category: 'calls', count: billed.count, usage: billed.usage, price: billed.price.plus('0.5').toFixed() });
    expect((await sync()).status).toBe('succeeded');
    expect(dayListings(day(-8))).toHaveLength(1);
    expect((await ledger()).days.find((d) => d.day === day(-8))).toMatchObject({ status: 'drift', unexplained: '0.5' });
    expect(ledgerAlerts()).toHaveLength(1);
    expect(ledgerAlerts()[0]).toContain(`El *${day(-8)}* Twilio factura`);
    expect(ledgerAlerts()[0]).toContain(account());
    expect(ledgerAlerts()[0]).toContain(`Quedan *${formatMoney('es', '0.5')} sin explicar*`);
    expect(ledgerAlerts()[0]).toContain(`/admin/pages/reconciliation?account=${account()}&month=${day(-8).slice(0, 7)}`);
    const badge = await t.app.get(ReconciliationReport).driftingClosedDays(day(0));
    expect(badge).toEqual([{ accountSid: account(), day: day(-8), unexplained: '0.5', repaired: true }]);

    // Nothing new from Twilio: the day is not listed again and the alert does not repeat.
    expect((await sync()).status).toBe('succeeded');
    expect(dayListings(day(-8))).toHaveLength(1);
    expect(ledgerAlerts()).toHaveLength(1);
    const events = await t.db.ds.query('SELECT period_key, status FROM alert_events WHERE rule_id = $1', [ruleId]);
    expect(events).toEqual([{ period_key: `${account()}/${day(-8)}`, status: 'sent' }]);
  });

  it('refuses a range it cannot answer with a 400 that says why', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/reports/reconciliation').query({ from: '2025-01-01', to: '2026-12-31' }).set('Authorization', auth()).expect(400);
    expect(res.body.message).toMatch(/at most 400 days/);
    // The old path answers the same thing.
    const alias = await request(t.app.getHttpServer())
      .get('/api/sync/reconciliation')
      .query({ from: day(-45), to: day(0) })
      .set('Authorization', auth())
      .expect(200);
    expect(alias.body).toEqual(await ledger());
  });
});
