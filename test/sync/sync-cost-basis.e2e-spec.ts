import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectedElevenlabs, type SyncFixture, startSyncFixture } from './sync-fixture.js';
import { createWorkspaces, same, syncAndWait, totals } from './sync-helpers.js';

describe('ELEVENLABS_COST_BASIS=credits', () => {
  let fx: SyncFixture;
  let t: TestApp;

  beforeAll(async () => {
    fx = await startSyncFixture({ seed: 31, calls: 150, conversations: 40 });
    t = await startTestApp({ ...fx.env, ELEVENLABS_COST_BASIS: 'credits' });
    await createWorkspaces(t, fx);
  });
  afterAll(async () => {
    await t.close();
    await fx.stop();
  });

  it('prices every conversation at credits × the credit rate, even where the vendor gives cost_fiat', async () => {
    expect((await syncAndWait(t)).status).toBe('succeeded');
    for (const w of fx.workspaces) {
      const byCredits = expectedElevenlabs(w, 'credits');
      const byVendor = expectedElevenlabs(w, 'vendor');
      expect(byCredits.cost).not.toBe(byVendor.cost); // the data set tells the two rules apart
      same((await totals(t, w.slug)).elevenlabs_cost, byCredits.cost);
    }
    const bases = await t.db.ds.query(`SELECT DISTINCT elevenlabs_cost_basis AS b FROM calls WHERE elevenlabs_synced_at IS NOT NULL`);
    expect(bases).toEqual([{ b: 'credit_rate' }]);
  });

  it('a plan change is a new effective-dated rate: calls before it keep the old rate', async () => {
    const acme = fx.workspaces[0];
    const facts = acme.conversations.facts;
    const midpoint = facts[Math.floor(facts.length / 2)].startTimeUnixSecs;
    const day = new Date(midpoint * 1000).toISOString().slice(0, 10);
    const [{ id }] = await t.db.ds.query(`SELECT id FROM workspaces WHERE slug = 'acme'`);
    await t.db.ds.query(`INSERT INTO credit_rates (workspace_id, effective_from, price_per_credit) VALUES ($1, $2, '0.00005')`, [id, day]);
    await t.db.ds.query(`DELETE FROM calls`);
    await t.db.ds.query(`DELETE FROM sync_watermarks`);
    expect((await syncAndWait(t)).status).toBe('succeeded');
    const [{ old_rate, new_rate }] = await t.db.ds.query(
      `SELECT count(*) FILTER (WHERE elevenlabs_cost = elevenlabs_credits * 0.00003)::int AS old_rate,
              count(*) FILTER (WHERE elevenlabs_cost = elevenlabs_credits * 0.00005)::int AS new_rate
         FROM calls c WHERE workspace_id = $1 AND elevenlabs_synced_at IS NOT NULL`,
      [id],
    );
    const before = facts.filter((f) => new Date(f.startTimeUnixSecs * 1000).toISOString().slice(0, 10) < day).length;
    expect({ old_rate, new_rate }).toEqual({ old_rate: before, new_rate: facts.length - before });
  });
});
