import { Decimal } from 'decimal.js';
import { ElevenlabsLedgerReport, type ElevenlabsLedgerWorkspace } from '../../src/reporting/elevenlabs-ledger.js';
import { ELEVENLABS_USAGE_PATH } from '../emulators/elevenlabs/elevenlabs.usage.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectedElevenlabs, type FixtureWorkspace, type SyncFixture, startSyncFixture } from './sync-fixture.js';
import { createWorkspaces, same, syncAndWait, totals } from './sync-helpers.js';

const BACKFILL_DAYS = 60;
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The credits of the workspace's conversations per UTC day of their start: what both sides should say. */
function creditsByDay(w: FixtureWorkspace): Map<string, number> {
  const days = new Map<string, number>();
  for (const f of w.conversations.facts) {
    const day = new Date(f.startTimeUnixSecs * 1000).toISOString().slice(0, 10);
    days.set(day, (days.get(day) ?? 0) + f.credits);
  }
  return days;
}

describe("ElevenLabs' side of the ledger: workspace usage analytics against our conversations' credits", () => {
  let fx: SyncFixture;
  let t: TestApp;
  let report: ElevenlabsLedgerReport;
  let acme: FixtureWorkspace;
  let globex: FixtureWorkspace;
  /** An acme day ten days back that the vendor bills 7.5 credits above our conversations. */
  let billedHigher: string;
  const today = dayOffset(0);
  const from = dayOffset(-BACKFILL_DAYS);

  const ledger = async (slug: string): Promise<ElevenlabsLedgerWorkspace> => (await report.daily(from, today)).find((w) => w.slug === slug)!;
  const usageRequests = (apiKey: string) => fx.elevenlabs.requests.filter((r) => r.path === ELEVENLABS_USAGE_PATH && r.apiKey === apiKey);

  beforeAll(async () => {
    fx = await startSyncFixture({ seed: 53, calls: 200, conversations: 40 });
    t = await startTestApp({ ...fx.env, SYNC_BACKFILL_DAYS: String(BACKFILL_DAYS) });
    await createWorkspaces(t, fx);
    report = t.app.get(ElevenlabsLedgerReport);
    [acme, globex] = fx.workspaces;
    billedHigher = [...creditsByDay(acme).keys()]
      .sort()
      .reverse()
      .find((d) => d <= dayOffset(-10))!;
  });
  afterAll(async () => {
    await t.close();
    await fx.stop();
  });

  it("stores the vendor's daily credits, equal to ours but on the day it billed differently; a key without the permission is recorded, the run still succeeds", async () => {
    fx.elevenlabs.usage.setDailyCredits(acme.apiKey, billedHigher, creditsByDay(acme).get(billedHigher)! + 7.5);
    fx.elevenlabs.usage.setPermission(globex.apiKey, false);
    const run = await syncAndWait(t);
    expect(run.status).toBe('succeeded');
    // The usage read is a side read: it adds no source to the run.
    expect(run.sources.map((s: { workspace: string; source: string }) => `${s.workspace}:${s.source}`).sort()).toEqual([
      'acme:elevenlabs',
      'acme:twilio',
      'globex:elevenlabs',
      'globex:twilio',
      'null:twilio_usage',
    ]);

    const a = await ledger('acme');
    const credits = String(expectedElevenlabs(acme, 'vendor').credits);
    expect({ access: a.access, reason: a.reason }).toEqual({ access: 'ok', reason: null });
    expect(a.checkedAt).toEqual(expect.any(String));
    expect(a.totals).toEqual({ vendorCredits: new Decimal(credits).plus('7.5').toFixed(), ourCredits: credits, difference: '7.5' });
    expect(a.days.filter((d) => d.difference !== '0')).toEqual([
      { day: billedHigher, vendorCredits: String(creditsByDay(acme).get(billedHigher)! + 7.5), ourCredits: String(creditsByDay(acme).get(billedHigher)), difference: '7.5' },
    ]);
    // First run: every day back to SYNC_BACKFILL_DAYS, a day without usage as a vendor zero.
    const [{ n }] = await t.db.ds.query(`SELECT count(*)::int AS n FROM elevenlabs_usage_days u JOIN workspaces w ON w.id = u.workspace_id WHERE w.slug = 'acme'`);
    expect(n).toBe(BACKFILL_DAYS + 1);
    expect(a.days.every((d) => d.vendorCredits !== null)).toBe(true);

    const g = await ledger('globex');
    expect(g.access).toBe('forbidden');
    expect(g.reason).toMatch(/missing the permission workspace_analytics_full_read/);
    expect(g.totals).toEqual({ vendorCredits: null, ourCredits: String(expectedElevenlabs(globex, 'vendor').credits), difference: null });
    expect(g.days.every((d) => d.vendorCredits === null && d.difference === null)).toBe(true);
    // Its conversations were synced all the same.
    same((await totals(t, 'globex')).credits, String(expectedElevenlabs(globex, 'vendor').credits));
    expect(usageRequests(globex.apiKey).map((r) => r.status)).toEqual([401]); // asked once, not retried
  });

  it('once the key is granted the permission, the next sync reads its whole backfill and both sides agree', async () => {
    fx.elevenlabs.usage.setPermission(globex.apiKey, true);
    expect((await syncAndWait(t)).status).toBe('succeeded');
    const g = await ledger('globex');
    expect(g.access).toBe('ok');
    expect(g.reason).toBeNull();
    expect(g.totals.difference).toBe('0');
    expect(g.totals.vendorCredits).toBe(g.totals.ourCredits);
    expect(g.days.length).toBe(BACKFILL_DAYS + 1);
  });

  it('a re-sync picks up a changed vendor figure for a recent day, and re-reads an old day for as long as it differs', async () => {
    const yesterday = dayOffset(-1);
    const ours = creditsByDay(globex).get(yesterday) ?? 0;
    fx.elevenlabs.usage.setDailyCredits(globex.apiKey, yesterday, ours + 100);
    // The vendor corrects acme's old day: only a re-read back to that day can see it.
    fx.elevenlabs.usage.clearDailyCredits(acme.apiKey);
    const seen = usageRequests(acme.apiKey).length;
    expect((await syncAndWait(t)).status).toBe('succeeded');

    const g = await ledger('globex');
    expect(g.days.find((d) => d.day === yesterday)).toMatchObject({ vendorCredits: String(ours + 100), difference: '100' });
    expect(g.totals.difference).toBe('100');
    const a = await ledger('acme');
    expect(a.totals.difference).toBe('0');
    const [asked] = usageRequests(acme.apiKey).slice(seen);
    expect((asked.body as { start_time: number }).start_time).toBe(Date.parse(`${billedHigher}T00:00:00Z`));

    // Once it agrees, the next run goes back a few days only.
    const before = usageRequests(acme.apiKey).length;
    expect((await syncAndWait(t)).status).toBe('succeeded');
    const [next] = usageRequests(acme.apiKey).slice(before);
    expect((next.body as { start_time: number }).start_time).toBe(Date.parse(`${dayOffset(-3)}T00:00:00Z`));
  });

  it('a vendor failure is recorded as failed with its reason, keeps the figures already read, and never fails the run', async () => {
    fx.elevenlabs.setFault(ELEVENLABS_USAGE_PATH, { type: 'server-error', times: 1000 });
    try {
      const run = await syncAndWait(t);
      expect(run.status).toBe('succeeded');
      for (const slug of ['acme', 'globex']) {
        const w = await ledger(slug);
        expect({ slug, access: w.access }).toEqual({ slug, access: 'failed' });
        expect(w.reason).toMatch(/500/);
        expect(w.days.length).toBe(BACKFILL_DAYS + 1);
      }
      same((await totals(t, 'acme')).credits, String(expectedElevenlabs(acme, 'vendor').credits));
    } finally {
      fx.elevenlabs.clearFaults();
    }
  });

  it('answers one workspace by id, refuses a reversed range', async () => {
    const [{ id }] = await t.db.ds.query(`SELECT id FROM workspaces WHERE slug = 'acme'`);
    const only = await report.daily(from, today, id);
    expect(only.map((w) => w.slug)).toEqual(['acme']);
    await expect(report.daily(today, from)).rejects.toMatchObject({ status: 400 });
  });
});
