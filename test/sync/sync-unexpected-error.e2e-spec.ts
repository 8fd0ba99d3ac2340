import request from 'supertest';
import { SecretCipher } from '../../src/common/secret-cipher.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectedRows, type SyncFixture, startSyncFixture } from './sync-fixture.js';
import { createWorkspaces, totals } from './sync-helpers.js';

interface SourceView {
  workspace: string | null;
  source: string;
  status: string;
  lastError: string | null;
  finishedAt: string | null;
}

/**
 * Failures that are not a vendor's answer: a secret that cannot go into an HTTP header, a stored
 * value PostgreSQL refuses. The run must still end, with every source finished and the reason kept.
 */
describe('a sync that meets an unexpected error', () => {
  let fx: SyncFixture;
  let t: TestApp;
  let auth: string;

  beforeAll(async () => {
    fx = await startSyncFixture({ seed: 31, calls: 120, conversations: 20 });
    t = await startTestApp(fx.env);
    auth = `Bearer ${t.config.secrets.apiToken}`;
    await createWorkspaces(t, fx);
  });
  afterAll(async () => {
    await t.close();
    await fx.stop();
  });

  /** Polls the run; a run still `running` after 30 s is the bug this spec is about. */
  async function runToTheEnd() {
    const server = t.app.getHttpServer();
    const started = await request(server).post('/api/sync').set('Authorization', auth).expect(202);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await request(server).get(`/api/sync/runs/${started.body.id}`).set('Authorization', auth).expect(200);
      if (res.body.status !== 'running') return res.body as { status: string; sources: SourceView[] };
      if (Date.now() > deadline) throw new Error(`run still running after 30 s: ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('a NUL byte in a stored ElevenLabs key fails that source only, with lastError, and the other workspace syncs', async () => {
    // Written straight to the database, as an old version of the API (or a hand edit) could have.
    const cipher = t.app.get(SecretCipher);
    // Short enough that error texts do not redact it: the NUL byte reaches the error message itself.
    const badKey = 'k\u0000y';
    await t.db.ds.query(`UPDATE workspaces SET elevenlabs_api_key_encrypted = $1 WHERE slug = 'acme'`, [cipher.encrypt(badKey)]);

    const run = await runToTheEnd();
    expect(run.status).toBe('partial');
    expect(run.sources.filter((s) => s.status === 'running')).toEqual([]);
    for (const s of run.sources) expect(s.finishedAt).not.toBeNull();
    const failed = run.sources.filter((s) => s.status === 'failed');
    expect(failed.map((s) => `${s.workspace}/${s.source}`)).toEqual(['acme/elevenlabs']);
    expect(failed[0].lastError).toEqual(expect.any(String));
    expect(failed[0].lastError).not.toContain('\u0000');
    const [{ n }] = await t.db.ds.query(`SELECT count(*)::int AS n FROM sync_run_sources WHERE status = 'running'`);
    expect(n).toBe(0);

    const globex = fx.workspaces[1];
    expect((await totals(t, 'globex')).calls).toBe(expectedRows(fx, globex).rows);
  });

  it('a database error that even stops a source recording its own failure still leaves no source running', async () => {
    await t.db.ds.query(`UPDATE workspaces SET elevenlabs_api_key_encrypted = $1 WHERE slug = 'acme'`, [t.app.get(SecretCipher).encrypt(fx.workspaces[0].apiKey)]);
    // Triggers play a broken database: acme's calls cannot be written, and neither can the error that reports it.
    const [{ id }] = await t.db.ds.query(`SELECT id FROM workspaces WHERE slug = 'acme'`);
    await t.db.ds.query(`
      CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated database failure'; END $$;
      CREATE TRIGGER refuse_acme_calls BEFORE INSERT OR UPDATE ON calls FOR EACH ROW
        WHEN (NEW.workspace_id = '${id}') EXECUTE FUNCTION refuse();
      CREATE TRIGGER refuse_error_text BEFORE UPDATE ON sync_run_sources FOR EACH ROW
        WHEN (NEW.last_error LIKE '%simulated database failure%') EXECUTE FUNCTION refuse();`);
    try {
      const run = await runToTheEnd();
      expect(run.status).toBe('partial');
      expect(run.sources.filter((s) => s.status === 'running')).toEqual([]);
      const failed = run.sources.filter((s) => s.status === 'failed');
      expect(failed.map((s) => `${s.workspace}/${s.source}`).sort()).toEqual(['acme/elevenlabs', 'acme/twilio']);
      for (const s of failed) expect(s.lastError).toMatch(/unexpected error/);
      expect(run.sources.filter((s) => s.workspace === 'globex').every((s) => s.status === 'succeeded')).toBe(true);
    } finally {
      await t.db.ds.query('DROP TRIGGER refuse_acme_calls ON calls; DROP TRIGGER refuse_error_text ON sync_run_sources; DROP FUNCTION refuse()');
    }
  });
});
