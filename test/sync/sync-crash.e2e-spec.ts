import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectedElevenlabs, expectedRows, expectedTwilio, type SyncFixture, startSyncFixture } from './sync-fixture.js';
import { createWorkspaces, same, syncAndWait, totals } from './sync-helpers.js';

const CLI = resolve('dist/src/sync/sync.cli.js');

describe('a sync killed mid-run', () => {
  let fx: SyncFixture;
  let t: TestApp;
  const secrets = {
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    API_TOKEN: randomBytes(24).toString('base64url'),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
  };

  beforeAll(async () => {
    fx = await startSyncFixture({ seed: 47, calls: 300, conversations: 40 });
    t = await startTestApp({ ...fx.env, ...secrets });
    await createWorkspaces(t, fx);
  });
  afterAll(async () => {
    await t.close();
    await fx.stop();
  });

  it('leaves no duplicates and no gaps once the next run has finished', async () => {
    // Slow conversation details so the CLI is surely mid-run when it is killed.
    fx.elevenlabs.setFault('/v1/convai/conversations/*', { type: 'delay', ms: 30, times: 100_000 });
    const child = spawn(process.execPath, [CLI], {
      env: { PATH: process.env.PATH ?? '', ...fx.env, ...secrets, DATABASE_URL: t.db.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    // Kill it once it has stored part of the history.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ n }] = await t.db.ds.query('SELECT count(*)::int AS n FROM calls WHERE elevenlabs_synced_at IS NOT NULL');
      if (n >= 20) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the CLI never got going:\n${output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    fx.elevenlabs.clearFaults();

    const [killed] = await t.db.ds.query(`SELECT id, status, trigger FROM sync_runs`);
    expect(killed).toMatchObject({ status: 'running', trigger: 'cli' });

    // The dead process's advisory lock died with its connection: the next run starts at once.
    const run = await syncAndWait(t);
    expect(run.status).toBe('succeeded');
    const [old] = await t.db.ds.query(`SELECT status, error FROM sync_runs WHERE id = $1`, [killed.id]);
    expect(old.status).toBe('failed');
    expect(old.error).toMatch(/interrupted/);

    for (const w of fx.workspaces) {
      const got = await totals(t, w.slug);
      expect(got.calls).toBe(expectedRows(fx, w).rows);
      same(got.twilio_cost, expectedTwilio(fx, w).cost);
      same(got.elevenlabs_cost, expectedElevenlabs(w, 'vendor').cost);
    }
    const [{ dups }] = await t.db.ds.query(
      `SELECT count(*)::int AS dups FROM (SELECT elevenlabs_conversation_id FROM calls WHERE elevenlabs_conversation_id IS NOT NULL
         GROUP BY 1 HAVING count(*) > 1) d`,
    );
    expect(dups).toBe(0);
  });
});
