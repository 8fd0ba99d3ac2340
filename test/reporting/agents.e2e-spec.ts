import request from 'supertest';
import { FixedClock } from '../../src/common/clock.js';
import { insertCalls, insertWorkspace } from '../factories/call.factory.js';
import { reportApi, startTestApp, type TestApp } from '../support/test-app.js';

/** November is over: it is compared with the whole of October. */
const NOW = '2026-12-02T03:00:00Z';
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30', tz: 'UTC' };

describe('cost per agent by component: the columns and GET /api/reports/agents', () => {
  let t: TestApp;
  const agents = (query: Record<string, string>) => reportApi(t)('agents', query);

  beforeAll(async () => {
    t = await startTestApp({}, { clock: new FixedClock(NOW) });
    const alpha = await insertWorkspace(t.db.ds, 'alpha');
    const beta = await insertWorkspace(t.db.ds, 'beta');
    const nov = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00Z`;
    await insertCalls(t.db.ds, [
      // agent_vendor: vendor dollars with their prices (0.08 + 0.03 of 0.12: 0.01 not broken down)…
      {
        workspaceId: alpha,
        agentId: 'agent_vendor',
        startedAt: nov(2),
        durationSeconds: 120,
        twilioCost: '0.017',
        elevenlabsCost: '0.12',
        llmCostUsd: '0.03',
        platformCostUsd: '0.08',
      },
      // …vendor dollars without a breakdown: all unsplit…
      { workspaceId: alpha, agentId: 'agent_vendor', startedAt: nov(3), durationSeconds: 60, twilioCost: '0.0085', elevenlabsCost: '0.05', llmCredits: '100', callCredits: '300' },
      // …and a web conversation (no Twilio leg) with its prices.
      { workspaceId: alpha, agentId: 'agent_vendor', startedAt: nov(4), durationSeconds: 60, direction: 'web', elevenlabsCost: '0.2', llmCostUsd: '0.05', platformCostUsd: '0.15' },
      // agent_credits: credits × rate (1000 credits at 0.00003), split by credits: 250 LLM, 700 call + 50 platform…
      {
        workspaceId: alpha,
        agentId: 'agent_credits',
        startedAt: nov(5),
        durationSeconds: 90,
        twilioCost: '0.0127',
        basis: 'credit_rate',
        credits: '1000',
        elevenlabsCost: '0.03',
        llmCredits: '250',
        callCredits: '700',
        platformCredits: '50',
      },
      // …and an estimate: never split.
      { workspaceId: alpha, agentId: 'agent_credits', startedAt: nov(6), durationSeconds: 30, twilioCost: '0.0042', elevenlabsCost: '0.05', estimated: true, llmCostUsd: '0.01' },
      // beta's agent: a vendor breakdown larger than the vendor's total contradicts it: all unsplit.
      {
        workspaceId: beta,
        agentId: 'agent_other',
        startedAt: nov(7),
        durationSeconds: 60,
        twilioCost: '0.0085',
        elevenlabsCost: '0.1',
        llmCostUsd: '0.06',
        platformCostUsd: '0.06',
      },
      // October, agent_vendor: the previous period.
      {
        workspaceId: alpha,
        agentId: 'agent_vendor',
        startedAt: '2026-10-15T10:00:00Z',
        durationSeconds: 60,
        twilioCost: '0.0085',
        elevenlabsCost: '0.06',
        llmCostUsd: '0.02',
        platformCostUsd: '0.04',
      },
    ]);
    // A Twilio leg no agent answered: no conversation, no ElevenLabs cost.
    await t.db.ds.query(
      `INSERT INTO calls (twilio_call_sid, workspace_id, direction, started_at, duration_seconds, twilio_own_cost, twilio_cost, twilio_price_unit, twilio_price_final, twilio_synced_at)
       VALUES ('CAtwilioonly', $1, 'inbound', '2026-11-08T10:00:00Z', 45, 0.0064, 0.0064, 'USD', true, now())`,
      [alpha],
    );
  });
  afterAll(() => t.close());

  it('splits every call by its basis, and the components add up to its total exactly', async () => {
    const rows: Array<Record<string, string | null>> = await t.db.ds.query(
      `SELECT agent_id, started_at::date::text AS day, elevenlabs_platform_cost::text AS platform, elevenlabs_llm_cost::text AS llm,
              elevenlabs_unsplit_cost::text AS unsplit,
              (COALESCE(twilio_cost, 0) + COALESCE(elevenlabs_platform_cost, 0) + COALESCE(elevenlabs_llm_cost, 0) + COALESCE(elevenlabs_unsplit_cost, 0)
                = COALESCE(twilio_cost, 0) + COALESCE(elevenlabs_cost, 0))::text AS adds_up
         FROM calls ORDER BY started_at`,
    );
    const n = (v: string | null) => (v === null ? null : String(Number(v)));
    expect(rows.map((r) => [r.agent_id, r.day, n(r.platform), n(r.llm), n(r.unsplit), r.adds_up])).toEqual([
      ['agent_vendor', '2026-10-15', '0.04', '0.02', '0', 'true'],
      ['agent_vendor', '2026-11-02', '0.08', '0.03', '0.01', 'true'],
      ['agent_vendor', '2026-11-03', '0', '0', '0.05', 'true'],
      ['agent_vendor', '2026-11-04', '0.15', '0.05', '0', 'true'],
      ['agent_credits', '2026-11-05', '0.0225', '0.0075', '0', 'true'],
      ['agent_credits', '2026-11-06', '0', '0', '0.05', 'true'],
      ['agent_other', '2026-11-07', '0', '0', '0.1', 'true'],
      [null, '2026-11-08', null, null, null, 'true'],
    ]);
  });

  it('a repricing moves the components with the cost (they are computed by PostgreSQL)', async () => {
    await t.db.ds.query(`UPDATE calls SET elevenlabs_cost = 0.06 WHERE agent_id = 'agent_credits' AND elevenlabs_cost_basis = 'credit_rate'`);
    const [row] = await t.db.ds.query(
      `SELECT elevenlabs_platform_cost::text AS p, elevenlabs_llm_cost::text AS l, elevenlabs_unsplit_cost::text AS u FROM calls WHERE agent_id = 'agent_credits' AND elevenlabs_cost_basis = 'credit_rate'`,
    );
    expect([row.p, row.l, row.u].map(Number)).toEqual([0.045, 0.015, 0]);
    await t.db.ds.query(`UPDATE calls SET elevenlabs_cost = 0.03 WHERE agent_id = 'agent_credits' AND elevenlabs_cost_basis = 'credit_rate'`);
  });

  it('gives per agent calls, minutes and cost per minute by component, highest total first, against October', async () => {
    const body = await agents(NOVEMBER);
    expect(body).toMatchObject({ from: '2026-11-01', to: '2026-11-30', timezone: 'UTC', currency: 'USD', workspace: null });
    expect(body.comparedWith).toEqual({ shape: 'month', from: '2026-10-01', to: '2026-10-31', until: null });
    expect(body.agents.map((a: { agentId: string | null }) => a.agentId)).toEqual(['agent_vendor', 'agent_other', 'agent_credits', null]);
    const [vendor, other, credits, none] = body.agents;
    // agent_vendor: 240 s = 4 min; telephony 0.017 + 0.0085, platform 0.08 + 0.15, LLM 0.03 + 0.05, unsplit 0.01 + 0.05.
    expect(vendor).toMatchObject({
      workspaceSlug: 'alpha',
      workspaceName: 'ALPHA',
      calls: 3,
      seconds: 240,
      minutes: '4.00',
      cost: { telephony: '0.0255', agentPlatform: '0.23', llm: '0.08', unsplit: '0.06', total: '0.3955' },
      costPerMinute: { telephony: '0.006375', agentPlatform: '0.057500', llm: '0.020000', unsplit: '0.015000', total: '0.098875' },
      previous: {
        calls: 1,
        minutes: '1.00',
        cost: { telephony: '0.0085', agentPlatform: '0.04', llm: '0.02', unsplit: '0', total: '0.0685' },
        costPerMinute: { telephony: '0.008500', agentPlatform: '0.040000', llm: '0.020000', unsplit: '0.000000', total: '0.068500' },
      },
    });
    expect(vendor.change).toEqual({
      calls: { absolute: '2', percent: '200.00' },
      minutes: { absolute: '3', percent: '300.00' },
      totalCost: { absolute: '0.327', percent: '477.37' },
      costPerMinute: {
        telephony: { absolute: '-0.002125', percent: '-25.00' },
        agentPlatform: { absolute: '0.0175', percent: '43.75' },
        llm: { absolute: '0', percent: '0.00' },
        unsplit: { absolute: '0.015', percent: null },
        total: { absolute: '0.030375', percent: '44.34' },
      },
    });
    expect(other).toMatchObject({ workspaceSlug: 'beta', cost: { telephony: '0.0085', agentPlatform: '0', llm: '0', unsplit: '0.1', total: '0.1085' } });
    // 120 s = 2 min: 0.0169, 0.0225, 0.0075, 0.05 over 2.
    expect(credits).toMatchObject({
      calls: 2,
      cost: { telephony: '0.0169', agentPlatform: '0.0225', llm: '0.0075', unsplit: '0.05', total: '0.0969' },
      costPerMinute: { telephony: '0.008450', agentPlatform: '0.011250', llm: '0.003750', unsplit: '0.025000', total: '0.048450' },
      previous: null,
    });
    expect(credits.change.calls).toEqual({ absolute: '2', percent: null });
    expect(credits.change.costPerMinute.total).toBeNull();
    // The Twilio-only leg: 45 s, 0.0064 × 60 / 45 = 0.0085333…
    expect(none).toMatchObject({ agentId: null, calls: 1, cost: { telephony: '0.0064', total: '0.0064' }, costPerMinute: { telephony: '0.008533', total: '0.008533' } });
  });

  it('takes the report filters: a workspace, an agent', async () => {
    const beta = await agents({ ...NOVEMBER, workspace: 'beta' });
    expect(beta.workspace).toBe('beta');
    expect(beta.agents.map((a: { agentId: string }) => a.agentId)).toEqual(['agent_other']);
    const one = await agents({ ...NOVEMBER, agent: 'agent_credits' });
    expect(one.agents.map((a: { agentId: string }) => a.agentId)).toEqual(['agent_credits']);
    expect((await agents({ from: '2026-10-01', to: '2026-10-31', tz: 'UTC' })).agents).toMatchObject([{ agentId: 'agent_vendor', calls: 1 }]);
  });

  it('answers 400 on bad input and 401 without the token', async () => {
    const server = t.app.getHttpServer();
    const auth = `Bearer ${t.config.secrets.apiToken}`;
    for (const query of [{ from: '2026-13-01' }, { tz: 'Mars/Olympus' }, { from: '2026-11-30', to: '2026-11-01' }, { workspace: 'nope' }]) {
      await request(server).get('/api/reports/agents').query(query).set('Authorization', auth).expect(400);
    }
    await request(server).get('/api/reports/agents').query(NOVEMBER).expect(401);
  });
});
