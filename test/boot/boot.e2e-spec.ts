import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.js';
import { runMain as run, waitForHealth } from './boot-process.js';

describe('booting the compiled app', () => {
  it('a bad ENCRYPTION_KEY stops boot with one line naming it and a non-zero exit', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'boot-'));
    const p = run({ NODE_ENV: 'production', ENCRYPTION_KEY: 'too-short', API_TOKEN: 'x'.repeat(30), SESSION_SECRET: 'y'.repeat(40) }, cwd);
    expect(await p.exited).toBe(1);
    const lines = p.output().stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: ENCRYPTION_KEY must be 32 bytes/);
    expect(lines[0]).not.toContain('too-short');
  });

  it('in production a missing secret stops boot naming it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'boot-'));
    const p = run({ NODE_ENV: 'production', API_TOKEN: 'x'.repeat(30), SESSION_SECRET: 'y'.repeat(40) }, cwd);
    expect(await p.exited).toBe(1);
    expect(p.output().stderr.trim()).toBe('Invalid configuration: ENCRYPTION_KEY is required');
  });

  it('a bare start (no settings, no DATABASE_URL) serves health on the embedded PostgreSQL and stops it on SIGTERM', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'boot-'));
    chmodSync(cwd, 0o755); // like a checkout: the embedded server's own user must be able to enter it
    const port = await freePort();
    const p = run({ PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()) }, cwd);
    try {
      const health = await waitForHealth(`http://127.0.0.1:${port}/api/health`, p.child, 30_000);
      expect(health).toMatchObject({ status: 200, body: { status: 'ok', info: { database: { status: 'up' } } } });
      expect(existsSync(join(cwd, '.data', 'secrets.json'))).toBe(true);
      expect(existsSync(join(cwd, '.data', 'pg', 'PG_VERSION'))).toBe(true);
      const logs = p.output().stdout;
      expect(logs).toContain('ENCRYPTION_KEY is not set: generated one');
      expect(logs).toContain('embedded PostgreSQL');
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
    expect(existsSync(join(cwd, '.data', 'pg', 'postmaster.pid'))).toBe(false);
  });
});
