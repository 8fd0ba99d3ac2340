import { Decimal } from 'decimal.js';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectedElevenlabs, expectedRows, expectedTwilio, type SyncFixture, startSyncFixture, USD_PER_CREDIT } from './sync-fixture.js';
import { createWorkspaces, same, syncAndWait, totals } from './sync-helpers.js';

describe('sync against the vendor emulators (cost basis: vendor)', () => {
  let fx: SyncFixture;
  let t: TestApp;

  beforeAll(async () => {
    fx = await startSyncFixture();
    t = await startTestApp(fx.env);
    await createWorkspaces(t, fx);
  });
  afterAll(async () => {
    await t.close();
    await fx.stop();
  });

  it('a full sync stores every call once, joined by call SID, with totals equal to the vendors to the cent', async () => {
    const run = await syncAndWait(t);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'api' });
    expect(Object.keys(run).sort()).toEqual(['finishedAt', 'id', 'sources', 'startedAt', 'status', 'trigger']);
    expect(run.sources.map((s: { workspace: string; source: string }) => `${s.workspace}:${s.source}`).sort()).toEqual([
      'acme:elevenlabs',
      'acme:twilio',
      'globex:elevenlabs',
      'globex:twilio',
      'null:twilio_usage',
    ]);
    for (const w of fx.workspaces) {
      const got = await totals(t, w.slug);
      const twilio = expectedTwilio(fx, w);
      const eleven = expectedElevenlabs(w, 'vendor');
      const rows = expectedRows(fx, w);
      expect({ slug: w.slug, calls: got.calls, joined: got.joined, unpriced: got.unpriced }).toEqual({
        slug: w.slug,
        calls: rows.rows,
        joined: rows.joined,
        unpriced: twilio.unpricedParents,
      });
      same(got.twilio_cost, twilio.cost);
      same(got.elevenlabs_cost, eleven.cost);
      same(got.credits, String(eleven.credits));
      expect(twilio.unpricedParents).toBeGreaterThan(0); // the data set does hold unpriced calls
    }
    // Child legs are billed into their parent, never counted as calls.
    const [{ legs }] = await t.db.ds.query('SELECT count(*)::int AS legs FROM twilio_child_legs');
    expect(legs).toBeGreaterThan(0);
    const [{ dup }] = await t.db.ds.query('SELECT count(*)::int AS dup FROM calls WHERE twilio_call_sid IN (SELECT sid FROM twilio_child_legs)');
    expect(dup).toBe(0);
    // Every conversation records which basis priced it; credits are kept either way.
    const bases = await t.db.ds.query(`SELECT elevenlabs_cost_basis AS basis, count(*)::int AS n FROM calls WHERE elevenlabs_synced_at IS NOT NULL GROUP BY 1 ORDER BY 1`);
    expect(bases.map((b: { basis: string }) => b.basis)).toEqual(['vendor', 'credit_rate']);
  });

  it('a second sync changes nothing: every row is identical, timestamps included', async () => {
    const before = await t.db.ds.query('SELECT * FROM calls ORDER BY id');
    const run = await syncAndWait(t);
    expect(run.status).toBe('succeeded');
    const after = await t.db.ds.query('SELECT * FROM calls ORDER BY id');
    expect(after).toEqual(before);
  });

  it('picks up Twilio prices that arrive after the call', async () => {
    const priced = fx.twilio.finalizeAll();
    expect(priced).toBeGreaterThan(0);
    await syncAndWait(t);
    for (const w of fx.workspaces) {
      const got = await totals(t, w.slug);
      const twilio = expectedTwilio(fx, w);
      expect(twilio.unpricedParents).toBe(0);
      expect(got.unpriced).toBe(0);
      same(got.twilio_cost, twilio.cost);
    }
  });

  it("reconciles Twilio's daily usage records with our rows once every leg is priced", async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const res = await request(t.app.getHttpServer())
      .get('/api/reports/reconciliation')
      .query({ from: day(-40), to: day(0) })
      .set('Authorization', `Bearer ${t.config.secrets.apiToken}`)
      .expect(200);
    const days = res.body.days.filter((d: { ourCost: string }) => Number(d.ourCost) > 0);
    expect(days.length).toBeGreaterThan(20);
    for (const d of days)
      expect({ day: d.day, unexplained: d.unexplained, pending: d.pendingLegs, status: d.status }).toEqual({ day: d.day, unexplained: '0', pending: 0, status: 'reconciled' });
    await request(t.app.getHttpServer())
      .get('/api/reports/reconciliation')
      .query({ from: '2026-02-30', to: '2026-03-01' })
      .set('Authorization', `Bearer ${t.config.secrets.apiToken}`)
      .expect(400);
  });

  it('keeps a snapshot of each workspace after every sync', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/workspaces/acme/history').set('Authorization', `Bearer ${t.config.secrets.apiToken}`).expect(200);
    expect(res.body).toHaveLength(3);
    const latest = res.body[0];
    const got = await totals(t, 'acme');
    expect(latest.calls).toBe(got.calls);
    same(latest.twilioCost, got.twilio_cost);
    same(latest.elevenlabsCost, got.elevenlabs_cost);
    expect(latest.unpricedCalls).toBe(0);
    expect(res.body[2].unpricedCalls).toBeGreaterThan(0);
  });

  it("stores each conversation's charge breakdown and state in our own columns and words, exactly as the vendor gave them", async () => {
    const facts = fx.workspaces.flatMap((w) => w.conversations.facts);
    const rows: Array<Record<string, string | null>> = await t.db.ds.query(
      `SELECT elevenlabs_conversation_id AS id, elevenlabs_status AS state, status, elevenlabs_llm_credits::text AS llm,
              elevenlabs_call_credits::text AS call, elevenlabs_platform_credits::text AS platform,
              elevenlabs_llm_cost_usd::text AS llm_usd, elevenlabs_platform_cost_usd::text AS platform_usd
         FROM calls WHERE elevenlabs_conversation_id = ANY($1::text[])`,
      [facts.map((f) => f.conversationId)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const exact = (v: string | null | undefined) => (v === null || v === undefined ? null : new Decimal(v).toFixed());
    for (const f of facts) {
      const r = byId.get(f.conversationId)!;
      expect({
        id: f.conversationId,
        state: r.state,
        llm: exact(r.llm),
        call: exact(r.call),
        platform: r.platform,
        llmUsd: exact(r.llm_usd),
        platformUsd: exact(r.platform_usd),
      }).toEqual({
        id: f.conversationId,
        state: f.status === 'done' ? 'completed' : 'failed',
        llm: String(f.llmCredits),
        call: String(f.callCredits),
        // The emulator, like older conversations, gives no separate platform charge: unknown, not zero.
        platform: null,
        llmUsd: exact(f.llmPriceUsd),
        platformUsd: exact(f.platformPriceUsd),
      });
    }
    expect(facts.some((f) => f.platformPriceUsd === null)).toBe(true);
    // Statuses are ours: no vendor word (`done`, `no-answer`, `in-progress`) is stored.
    const statuses = await t.db.ds.query(`SELECT DISTINCT status::text AS s FROM calls ORDER BY 1`);
    expect(statuses.map((r: { s: string | null }) => r.s).filter((s: string | null) => s !== null && !/^[a-z_]+$/.test(s))).toEqual([]);
    expect(statuses.map((r: { s: string | null }) => r.s)).not.toContain('done');
  });

  it("splits each conversation's cost into agent platform, LLM and unsplit by the vendor's breakdown, adding up exactly", async () => {
    const facts = fx.workspaces.flatMap((w) => w.conversations.facts);
    const rows: Array<Record<string, string | null>> = await t.db.ds.query(
      `SELECT elevenlabs_conversation_id AS id, elevenlabs_cost_basis::text AS basis, elevenlabs_cost::text AS cost,
              elevenlabs_platform_cost::text AS platform, elevenlabs_llm_cost::text AS llm, elevenlabs_unsplit_cost::text AS unsplit
         FROM calls WHERE elevenlabs_conversation_id = ANY($1::text[])`,
      [facts.map((f) => f.conversationId)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const exact = (v: Decimal.Value) => new Decimal(v).toFixed();
    const bases = new Set<string | null>();
    for (const f of facts) {
      const r = byId.get(f.conversationId)!;
      bases.add(r.basis);
      // Vendor dollars: its own prices of each part. Credits × rate: each part's credits × the same rate.
      const [llm, platform] =
        r.basis === 'vendor'
          ? [new Decimal(f.llmPriceUsd), new Decimal(f.platformPriceUsd ?? 0)]
          : [new Decimal(f.llmCredits).times(USD_PER_CREDIT), new Decimal(f.callCredits).times(USD_PER_CREDIT)];
      expect({ id: f.conversationId, llm: exact(r.llm!), platform: exact(r.platform!), unsplit: exact(r.unsplit!) }).toEqual({
        id: f.conversationId,
        llm: llm.toFixed(),
        platform: platform.toFixed(),
        unsplit: new Decimal(r.cost!).minus(llm).minus(platform).toFixed(),
      });
      expect(new Decimal(r.llm!).plus(r.platform!).plus(r.unsplit!).eq(r.cost!)).toBe(true);
    }
    // Both rules are exercised: conversations with cost_fiat, and older ones priced by their credits.
    expect([...bases].sort()).toEqual(['credit_rate', 'vendor']);
  });

  it('stores the Twilio usage records of the account for reconciliation', async () => {
    const rows = await t.db.ds.query(`SELECT scope, count(*)::int AS days, sum(count)::int AS calls FROM twilio_usage_days GROUP BY 1 ORDER BY 1`);
    expect(rows.map((r: { scope: string }) => r.scope)).toEqual(['all', 'inbound', 'outbound']);
    expect(rows[0].calls).toBeGreaterThan(0);
  });
});
