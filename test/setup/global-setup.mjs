// Plain ESM on purpose: jest loads global setup outside its ESM transform, so this file uses the
// compiled code in dist/ (`npm test` builds first).
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrateUnderLock } from '../../dist/src/database/advisory-lock.js';
import { dataSourceOptions } from '../../dist/src/database/data-source.options.js';
import { startEmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';

/**
 * Real PostgreSQL for every test: TEST_DATABASE_URL's server when set, else a throwaway embedded
 * cluster. This run gets a migrated template database; each test file clones it into its own
 * database, so runs and files never see each other's rows.
 */
export const RUN_DIR_PREFIX = 'simbiosia-test-run-';

export default async function globalSetup() {
  useRunTempDir();
  const prefix = `sbt_${process.pid}_${Date.now().toString(36)}`;
  let adminUrl = process.env.TEST_DATABASE_URL?.trim();
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'simbiosia-test-'));
    const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    globalThis.__embeddedPg = { stop: embedded.stop, dataDir };
    adminUrl = embedded.url;
  }
  const template = `${prefix}_template`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const ds = await new DataSource(dataSourceOptions(url.toString(), 2)).initialize();
  await migrateUnderLock(ds);
  await ds.destroy();

  process.env.SB_TEST_ADMIN_URL = adminUrl;
  process.env.SB_TEST_TEMPLATE_DB = template;
  process.env.SB_TEST_RUN_PREFIX = prefix;
}

/**
 * Everything this run puts in the temp directory (embedded clusters, booted apps' data dirs with
 * their generated secrets, exported files) goes under one folder of its own: TMPDIR is pointed there
 * before any test or child process starts, so os.tmpdir() and initdb resolve to it, and the global
 * teardown deletes it whole. Folders left by runs that were killed are swept here.
 */
function useRunTempDir() {
  const base = tmpdir();
  sweepDeadRuns(base);
  const runDir = mkdtempSync(join(base, `${RUN_DIR_PREFIX}${process.pid}-`));
  // Traversable (not listable) by others: embedded PostgreSQL runs as the 'postgres' user when we are root.
  chmodSync(runDir, 0o711);
  globalThis.__testTempDir = { runDir, previous: { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP } };
  process.env.TMPDIR = process.env.TMP = process.env.TEMP = runDir;
}

function sweepDeadRuns(base) {
  for (const entry of readdirSync(base)) {
    const pid = Number(entry.startsWith(RUN_DIR_PREFIX) ? entry.slice(RUN_DIR_PREFIX.length).split('-')[0] : NaN);
    if (Number.isInteger(pid) && !processIsAlive(pid)) rmSync(join(base, entry), { recursive: true, force: true });
  }
}

function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
