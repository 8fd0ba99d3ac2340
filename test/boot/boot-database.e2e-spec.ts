import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { TEST_ADMIN_URL } from '../setup/test-env.js';
import { freePort } from '../support/free-port.js';
import { type AppProcess, runMain, timeExit, waitForHealth } from './boot-process.js';

/** The bound for an unreachable database, and main.ts's 10 s for a shutdown (plus time to exit). */
const BOOT_BOUND_MS = 15_000;
const SHUTDOWN_BOUND_MS = 11_000;

const API_TOKEN = randomBytes(24).toString('base64url');
const production = () => ({
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  API_TOKEN,
  SESSION_SECRET: randomBytes(32).toString('base64url'),
  SYNC_ENABLED: 'false',
  ALERTS_ENABLED: 'false',
  // The panel too (its sessions live in PostgreSQL), so shutdown closes its store as well.
  ADMIN_EMAIL: 'boss@simbiosia.test',
  ADMIN_PASSWORD: 'a-long-admin-password',
});
const folder = () => {
  const cwd = mkdtempSync(join(tmpdir(), 'boot-db-'));
  chmodSync(cwd, 0o755); // the embedded server's own user must be able to enter it
  return cwd;
};

describe('booting against a database that cannot be used', () => {
  it('an unreachable DATABASE_URL stops boot within 15 s with one line naming it, host and port, never the password', async () => {
    const port = await freePort(); // free a moment ago: nothing listens there
    const p = runMain({ ...production(), DATABASE_URL: `postgres://u:secretpw@127.0.0.1:${port}/x` }, folder());
    const { ms, code } = await timeExit(p, 30_000);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(BOOT_BOUND_MS);
    const { stderr, stdout } = p.output();
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Cannot reach the database at DATABASE_URL \\(127\\.0\\.0\\.1:${port}\\): .*ECONNREFUSED`));
    expect(stderr + stdout).not.toContain('secretpw');
  });

  it('a server that accepts but never answers stops boot after DATABASE_CONNECT_TIMEOUT_MS, naming DATABASE_URL', async () => {
    const silent = createServer(() => undefined); // takes the connection, says nothing: a wrong port, a hung server
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as AddressInfo;
    try {
      const p = runMain({ ...production(), DATABASE_URL: `postgres://u:secretpw@127.0.0.1:${port}/x`, DATABASE_CONNECT_TIMEOUT_MS: '2000' }, folder());
      const { ms, code } = await timeExit(p, 30_000);
      expect(code).toBe(1);
      expect(ms).toBeLessThan(BOOT_BOUND_MS);
      expect(p.output().stderr.trim()).toBe(`Cannot reach the database at DATABASE_URL (127.0.0.1:${port}): no answer within 2 s (DATABASE_CONNECT_TIMEOUT_MS)`);
    } finally {
      silent.close();
    }
  });

  it('a database that refuses us (wrong password or unknown database) is named the same way, without the password', async () => {
    const url = new URL(process.env[TEST_ADMIN_URL]!);
    url.password = 'secretpw';
    url.pathname = `/no_such_db_${randomBytes(4).toString('hex')}`;
    const p = runMain({ ...production(), DATABASE_URL: url.toString() }, folder());
    const { ms, code } = await timeExit(p, 30_000);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(BOOT_BOUND_MS);
    const { stderr, stdout } = p.output();
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^The database at DATABASE_URL \\(${url.hostname.replace(/\./g, '\\.')}:${url.port || 5432}\\) refused the connection: (password authentication failed|database "no_such_db_\\w+" does not exist)`,
        ),
      ),
    ]);
    expect(stderr + stdout).not.toContain('secretpw');
  });

  it('in production, no DATABASE_URL stops boot naming it, and no embedded database is started', async () => {
    const cwd = folder();
    const p = runMain(production(), cwd);
    expect(await p.exited).toBe(1);
    expect(p.output().stderr.trim()).toMatch(/^Invalid configuration: DATABASE_URL is required in production \(or set EMBEDDED_DATABASE=true/);
    expect(existsSync(join(cwd, '.data', 'pg'))).toBe(false);
  });

  it('in production, EMBEDDED_DATABASE=true starts the embedded database and says so', async () => {
    const cwd = folder();
    const port = await freePort();
    const p = runMain({ ...production(), LOG_LEVEL: 'info', EMBEDDED_DATABASE: 'true', PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()) }, cwd);
    try {
      const health = await waitForHealth(`http://127.0.0.1:${port}/api/health`, p.child, 60_000);
      expect(health.status).toBe(200);
      expect(p.output().stdout).toContain('EMBEDDED_DATABASE=true and no DATABASE_URL: starting the embedded PostgreSQL');
      expect(existsSync(join(cwd, '.data', 'pg', 'PG_VERSION'))).toBe(true);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
  }, 90_000);
});

describe('SIGTERM when the database is gone', () => {
  let db: EmbeddedDatabase | undefined;
  let dataDir: string;
  let app: AppProcess | undefined;

  afterEach(async () => {
    if (app?.child.exitCode === null) app.child.kill('SIGKILL');
    signalServer(dataDir, 'SIGCONT');
    await db?.stop().catch(() => undefined);
    db = undefined;
  });

  /** A PostgreSQL of this test's own, which it can stop or freeze under the app. */
  async function ownDatabase(): Promise<EmbeddedDatabase> {
    dataDir = mkdtempSync(join(tmpdir(), 'boot-pg-'));
    db = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    return db;
  }

  async function boot(env: Record<string, string>, cwd = folder(), base: Record<string, string> = production()): Promise<{ p: AppProcess; base: string }> {
    const port = await freePort();
    const p = runMain({ ...base, LOG_LEVEL: 'info', PORT: String(port), ...env }, cwd);
    app = p;
    await waitForHealth(`http://127.0.0.1:${port}/api/health`, p.child, 60_000);
    return { p, base: `http://127.0.0.1:${port}` };
  }

  it('exits promptly, through its own shutdown, when the database was stopped', async () => {
    const { p } = await boot({ DATABASE_URL: (await ownDatabase()).url });
    await db!.stop();
    p.child.kill('SIGTERM');
    const { ms, code } = await timeExit(p, 60_000);
    expect(ms).toBeLessThan(SHUTDOWN_BOUND_MS);
    // Our shutdown decided the exit, not embedded-postgres's signal hook (which exits 143 at once).
    expect([0, 1]).toContain(code);
    expect(p.output().stdout).toContain('SIGTERM: shutting down');
  }, 90_000);

  it('exits within the bound when the database answers nothing and a request waits on it', async () => {
    const { p, base } = await boot({ DATABASE_URL: (await ownDatabase()).url });
    signalServer(dataDir, 'SIGSTOP'); // frozen, as behind a lost network: connections open, no answers
    // A report whose query now waits for ever: closing the HTTP server waits for it in turn.
    void fetch(`${base}/api/reports/summary`, { headers: { Authorization: `Bearer ${API_TOKEN}` } }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    p.child.kill('SIGTERM');
    const { ms, code } = await timeExit(p, 60_000);
    expect(ms).toBeLessThan(SHUTDOWN_BOUND_MS);
    expect(code).toBe(1);
    expect(p.output().stdout).toContain('shutdown did not finish within 8 s');
  }, 90_000);

  it('exits promptly when its embedded database died under it', async () => {
    const cwd = folder();
    dataDir = join(cwd, '.data');
    // A bare development start, as `npm start` on a laptop: the embedded database is the default there.
    const { p } = await boot({ SYNC_ENABLED: 'false', EMBEDDED_PG_PORT: String(await freePort()) }, cwd, {});
    // The server process dies (its backends linger): stopping it must not wait for an exit already past.
    const postmaster = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmaster, 'SIGKILL');
    // Gone from /proc once the app (its parent) has reaped it, i.e. has seen it exit.
    while (existsSync(`/proc/${postmaster}`)) await new Promise((r) => setTimeout(r, 50));
    p.child.kill('SIGTERM');
    const { ms, code } = await timeExit(p, 60_000);
    expect(ms).toBeLessThan(SHUTDOWN_BOUND_MS);
    // A shutdown that finished, not a process that drifted out once its event loop ran dry.
    expect(code).toBe(0);
    expect(p.output().stdout).toContain('"msg":"shut down"');
  }, 90_000);
});

/** Sends `signal` to the embedded server (its postmaster, from postmaster.pid) and every backend it forked. */
function signalServer(dataDir: string, signal: NodeJS.Signals): void {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const pids = [postmaster, ...childrenOf(postmaster)];
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone already
    }
  }
}

function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) out.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
