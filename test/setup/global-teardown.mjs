import { rmSync } from 'node:fs';
import pg from 'pg';

/**
 * Drops every database this run created, stops the embedded cluster if there was one, then deletes
 * the run's temp folder (see global-setup: every temp file of the run lies under it).
 */
export default async function globalTeardown() {
  const adminUrl = process.env.SB_TEST_ADMIN_URL;
  const prefix = process.env.SB_TEST_RUN_PREFIX;
  if (adminUrl && prefix) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const { rows } = await admin.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  }
  const embedded = globalThis.__embeddedPg;
  if (embedded) {
    await embedded.stop();
    rmSync(embedded.dataDir, { recursive: true, force: true });
  }
  const temp = globalThis.__testTempDir;
  if (temp) {
    for (const [name, value] of Object.entries(temp.previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(temp.runDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
