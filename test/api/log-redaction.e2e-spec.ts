import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/free-port.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// The compiled server, as `npm start` runs it, so the log lines are pino's real output.
const MAIN = resolve('dist/src/main.js');

describe('request logs', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('carry the path and the query parameter names, never a query value', async () => {
    const port = await freePort();
    const apiToken = randomBytes(24).toString('base64url');
    const child = spawn(process.execPath, [MAIN], {
      cwd: mkdtempSync(join(tmpdir(), 'logs-')),
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATABASE_URL: db.url,
        PORT: String(port),
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        API_TOKEN: apiToken,
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        SYNC_ENABLED: 'false',
        ADMIN_ENABLED: 'false',
      },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stdout += d));
    const exited = new Promise((res) => child.on('exit', res));
    try {
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 30_000;
      for (;;) {
        const up = await fetch(`${base}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the app never came up:\n${stdout}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const secret = 'tok-Zq9x-0123456789abcdef';
      // Refused (a token in the query is no credential) and accepted: both are logged.
      expect((await fetch(`${base}/api/reports/summary?from=2026-01-01&token=${secret}`)).status).toBe(401);
      const ok = await fetch(`${base}/api/sync/runs?limit=5&note=${secret}`, { headers: { authorization: `Bearer ${apiToken}` } });
      expect(ok.status).toBe(400); // `note` is no parameter: refused, and logged all the same
      await new Promise((r) => setTimeout(r, 300)); // pino writes asynchronously
      expect(stdout).toContain('/api/reports/summary?from=[redacted]&token=[redacted]');
      expect(stdout).toContain('/api/sync/runs?limit=[redacted]&note=[redacted]');
      expect(stdout).not.toContain(secret);
      expect(stdout).not.toContain(apiToken);
      expect(stdout).not.toContain('2026-01-01');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
