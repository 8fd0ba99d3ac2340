import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectedElevenlabs, expectedRows, expectedTwilio, type SyncFixture, startSyncFixture } from './sync-fixture.js';
import { createWorkspaces, same, syncAndWait, totals } from './sync-helpers.js';

describe('sync when vendors misbehave', () => {
  let fx: SyncFixture;
  let t: TestApp;
  let auth: string;

  beforeAll(async () => {
    fx = await startSyncFixture({ seed: 23, calls: 250, conversations: 30 });
    t = await startTestApp(fx.env);
    auth = `Bearer ${t.config.secrets.apiToken}`;
    await createWorkspaces(t, fx);
  });
  afterAll(async () => {
    await t.close();
    await fx.stop();
  });

  it('refuses a missing or wrong API token with 401', async () => {
    const server = t.app.getHttpServer();
    await request(server).post('/api/sync').expect(401);
    await request(server).post('/api/sync').set('Authorization', 'Bearer wrong-token').expect(401);
    await request(server).get('/api/sync/runs').set('Authorization', `Bearer ${t.config.secrets.apiToken}x`).expect(401);
    await request(server).get('/api/workspaces').set('Authorization', 'Basic abc').expect(401);
    const [{ runs }] = await t.db.ds.query('SELECT count(*)::int AS runs FROM sync_runs');
    expect(runs).toBe(0);
  });

  it('one workspace whose vendor refuses it is recorded, the others sync, and its watermark stays put', async () => {
    const globex = fx.workspaces[1];
    fx.elevenlabs.removeKey(globex.apiKey);
    const run = await syncAndWait(t);
    expect(run.status).toBe('partial');
    const failed = run.sources.filter((s: { status: string }) => s.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ workspace: 'globex', source: 'elevenlabs', errors: 1 });
    expect(failed[0].lastError).toMatch(/401/);
    expect(failed[0].lastError).not.toContain(globex.apiKey);

    const acme = fx.workspaces[0];
    same((await totals(t, 'acme')).elevenlabs_cost, expectedElevenlabs(acme, 'vendor').cost);
    const marks = await t.db.ds.query(`SELECT w.slug, m.source FROM sync_watermarks m JOIN workspaces w ON w.id = m.workspace_id ORDER BY 1, 2`);
    expect(marks.map((m: { slug: string; source: string }) => `${m.slug}:${m.source}`)).toEqual(['acme:elevenlabs', 'acme:twilio', 'globex:twilio']);

    // The vendor comes back: the next sync fills the gap.
    fx.elevenlabs.addKey(globex.apiKey, globex.conversations.conversations);
    expect((await syncAndWait(t)).status).toBe('succeeded');
    const got = await totals(t, 'globex');
    same(got.elevenlabs_cost, expectedElevenlabs(globex, 'vendor').cost);
    expect(got.calls).toBe(expectedRows(fx, globex).rows);
  });

  it('retries rate limits (honouring Retry-After), server errors and garbage, and still stores everything exactly', async () => {
    await t.db.ds.query('DELETE FROM sync_watermarks');
    await t.db.ds.query('DELETE FROM calls');
    await t.db.ds.query('DELETE FROM twilio_child_legs');
    fx.twilio.setFault({ path: /Calls\.json/, kind: 'rate-limit', times: 2, retryAfterSeconds: 1 });
    fx.twilio.setFault({ path: /Calls\.json/, kind: 'server-error', times: 2 });
    fx.twilio.setFault({ path: /Calls\.json/, kind: 'malformed', times: 1 });
    fx.elevenlabs.setFault('/v1/convai/conversations', { type: 'rate-limit', times: 1, retryAfterSecs: 1 });
    fx.elevenlabs.setFault('/v1/convai/conversations/*', { type: 'server-error', times: 3 });
    fx.elevenlabs.setFault('/v1/convai/conversations/*', { type: 'malformed', times: 2 });
    const before = Date.now();
    const run = await syncAndWait(t);
    expect(run.status).toBe('succeeded');
    expect(Date.now() - before).toBeGreaterThanOrEqual(1000); // Retry-After: 1 was waited for
    for (const w of fx.workspaces) {
      const got = await totals(t, w.slug);
      same(got.twilio_cost, expectedTwilio(fx, w).cost);
      same(got.elevenlabs_cost, expectedElevenlabs(w, 'vendor').cost);
      expect(got.calls).toBe(expectedRows(fx, w).rows);
    }
    const faults = fx.elevenlabs.requests.filter((r) => r.fault).length + fx.twilio.requests.filter((r) => r.fault).length;
    expect(faults).toBe(11);
  });

  it('two triggers at once: one starts, the other gets 409 naming the running run', async () => {
    // Slow the vendor so the first run is still going when the second trigger lands.
    fx.elevenlabs.setFault('/v1/convai/conversations', { type: 'delay', ms: 400, times: 2 });
    const server = t.app.getHttpServer();
    const [a, b] = await Promise.all([request(server).post('/api/sync').set('Authorization', auth), request(server).post('/api/sync').set('Authorization', auth)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([202, 409]);
    const started = a.status === 202 ? a : b;
    const refused = a.status === 409 ? a : b;
    expect(refused.body).toMatchObject({ statusCode: 409, runId: started.body.id });
    await waitForRun(t, started.body.id);
  });

  it('re-reads a conversation that was still in progress, even when it is older than the overlap window', async () => {
    const globex = fx.workspaces[1];
    const target = globex.conversations.conversations[Math.floor(globex.conversations.conversations.length / 2)];
    // As an earlier sync would have left it: read while the vendor was still processing it, days ago,
    // so it lies far outside the next run's overlap window.
    await t.db.ds.query(`UPDATE calls SET elevenlabs_status = 'processing', elevenlabs_cost = elevenlabs_cost + 1 WHERE elevenlabs_conversation_id = $1`, [target.conversation_id]);
    expect((await syncAndWait(t)).status).toBe('succeeded');
    const [row] = await t.db.ds.query(`SELECT elevenlabs_status FROM calls WHERE elevenlabs_conversation_id = $1`, [target.conversation_id]);
    // Stored in our words: the vendor's `done` is our `completed`.
    expect(row.elevenlabs_status).toBe(target.status === 'done' ? 'completed' : target.status);
    same((await totals(t, 'globex')).elevenlabs_cost, expectedElevenlabs(globex, 'vendor').cost);
  });

  it('flags calls still unpriced after SYNC_PRICE_PENDING_MAX_HOURS and stops revisiting them', async () => {
    const strict = await startTestApp({ ...fx.env, SYNC_PRICE_PENDING_MAX_HOURS: '1' });
    try {
      await createWorkspaces(strict, fx);
      const unpricedSid = fx.calls.calls.find((c) => !c.parentCallSid && c.price === null)?.sid;
      expect(unpricedSid).toBeDefined();
      expect((await syncAndWait(strict)).status).toBe('succeeded');
      const [row] = await strict.db.ds.query('SELECT twilio_price_overdue, twilio_cost FROM calls WHERE twilio_call_sid = $1', [unpricedSid]);
      expect(row).toEqual({ twilio_price_overdue: true, twilio_cost: null });
    } finally {
      await strict.close();
    }
  });
});

async function waitForRun(t: TestApp, id: string) {
  for (;;) {
    const res = await request(t.app.getHttpServer()).get(`/api/sync/runs/${id}`).set('Authorization', `Bearer ${t.config.secrets.apiToken}`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
}
