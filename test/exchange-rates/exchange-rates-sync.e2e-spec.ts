import { EcbEmulator } from '../emulators/ecb/ecb.emulator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type SyncFixture, startSyncFixture } from '../sync/sync-fixture.js';
import { createWorkspaces, syncAndWait } from '../sync/sync-helpers.js';

interface SourceView {
  source: string;
  status: string;
  workspace: string | null;
  rows: number;
  lastError: string | null;
}

/** Every sync imports the ECB rates first; a failing ECB is recorded on the run and never fails it. */
describe('exchange rates imported with every sync', () => {
  let fx: SyncFixture;
  let t: TestApp;
  const ecb = new EcbEmulator(new Date().toISOString().slice(0, 10));
  const ecbSource = (run: { sources: SourceView[] }) => run.sources.find((s) => s.source === 'ecb_rates');

  beforeAll(async () => {
    await ecb.start();
    fx = await startSyncFixture({ seed: 31, calls: 60, conversations: 10 });
    t = await startTestApp({ ...fx.env, FX_RATES_URL: ecb.ratesUrl, VENDOR_MAX_RETRIES: '1', VENDOR_RETRY_BASE_MS: '1' });
    await createWorkspaces(t, fx);
  });
  afterAll(async () => {
    await t?.close();
    await fx?.stop();
    await ecb.stop();
  });

  it('imports the rates as a source of the run', async () => {
    const run = await syncAndWait(t);
    expect(run.status).toBe('succeeded');
    expect(ecbSource(run)).toMatchObject({ status: 'succeeded', workspace: null, lastError: null });
    expect(ecbSource(run)!.rows).toBeGreaterThan(0);
    expect(ecb.take()).toEqual(['/stats/eurofxref/eurofxref-hist.xml']);
    // The second run has calls and rates older than them: the 90-day file, nothing new.
    const again = await syncAndWait(t);
    expect(ecb.take()).toEqual(['/stats/eurofxref/eurofxref-hist-90d.xml']);
    expect(ecbSource(again)).toMatchObject({ status: 'succeeded', rows: 0 });
  });

  it.each(['fail', 'garbage'] as const)('an ECB that answers %s is recorded, and the sync still succeeds', async (mode) => {
    ecb.mode = mode;
    try {
      const run = await syncAndWait(t);
      expect(run.status).toBe('succeeded');
      expect(ecbSource(run)).toMatchObject({ status: 'failed' });
      expect(ecbSource(run)!.lastError).toMatch(mode === 'fail' ? /HTTP 500/ : /not well-formed XML|no gesmes/);
      expect(run.sources.filter((s: SourceView) => s.source !== 'ecb_rates').every((s: SourceView) => s.status === 'succeeded')).toBe(true);
    } finally {
      ecb.mode = 'ok';
    }
  });
});
