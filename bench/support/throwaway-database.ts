import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { freePort } from '../../test/support/free-port.js';

export interface ThrowawayDatabase {
  /** The new, empty database. */
  url: string;
  name: string;
  /** Where it lives, for printing (no password). */
  where: string;
  /** CPU seconds used so far by the PostgreSQL server; null when it is not ours to read (DATABASE_URL). */
  serverCpuSeconds(): number | null;
  /** WAL the whole server has written so far (pg_stat_wal): what a phase costs the disk. */
  serverWalBytes(): Promise<number>;
  /** Drops the database; stops and deletes the embedded server when one was started. */
  drop(): Promise<void>;
}

/**
 * A fresh database for one benchmark: on the server of `serverUrl` when given (DATABASE_URL), else on
 * an embedded PostgreSQL started for the occasion in a temporary folder on a free port.
 */
export async function createThrowawayDatabase(serverUrl: string | undefined, prefix: string): Promise<ThrowawayDatabase> {
  let adminUrl = serverUrl;
  let embedded: { dir: string; stop(): Promise<void> } | null = null;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-pg-`));
    const server = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), database: 'postgres' });
    adminUrl = server.url;
    embedded = { dir, stop: server.stop };
  }
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await onServer(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const postmaster = embedded ? Number(readFileSync(join(embedded.dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) : null;
  return {
    url: url.toString(),
    name,
    where: `${embedded ? 'embedded PostgreSQL' : 'DATABASE_URL server'} ${url.host}`,
    serverCpuSeconds: () => (postmaster ? processTreeCpuSeconds(postmaster) : null),
    serverWalBytes: () => onServer(adminUrl, async (c) => Number((await c.query('SELECT wal_bytes::text AS b FROM pg_stat_wal')).rows[0].b)),
    async drop() {
      try {
        await onServer(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      } finally {
        if (embedded) {
          await embedded.stop();
          rmSync(embedded.dir, { recursive: true, force: true });
        }
      }
    },
  };
}

async function onServer<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/**
 * CPU of a postmaster and its backends from /proc: the live children's own time plus what the
 * postmaster has collected from children that exited (cutime, cstime).
 */
function processTreeCpuSeconds(root: number): number | null {
  if (!existsSync(`/proc/${root}/stat`)) return null;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name (which may hold spaces): state ppid ... utime(14) stime(15) cutime(16) cstime(17).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    if (pid === root) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    else if (ppid === root) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / CLOCK_TICKS;
}
