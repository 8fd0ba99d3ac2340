import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ExportGate } from '../../src/reporting/export/export-gate.js';
import { ADMIN, ADMIN_ENV, login } from '../admin/admin-session.js';
import { insertBulkCalls, insertWorkspace } from '../factories/call.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { binary, parseCsv } from './export-files.js';

/** About 8 MB of CSV: twice what the socket buffers took (about 4 MB) before a client that stopped reading blocked the writes. */
const CALLS = 60_000;
const IDLE_MS = 1500;
const BULK = { from: '2026-09-01', to: '2026-09-30', tz: 'UTC', workspace: 'bulk' };

interface RawResponse {
  socket: Socket;
  status: number;
  head: string;
  body: string;
}

/** A GET on its own connection whose client reads the first chunk of the answer, then nothing more. */
function stalledGet(port: number, path: string, authorization: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${authorization}\r\n\r\n`));
    socket.once('error', reject);
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.on('error', () => undefined);
      const text = chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      resolve({ socket, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), head: text.slice(0, end), body: text.slice(end + 4) });
    });
  });
}

describe('exports cannot starve the API of database connections', () => {
  let t: TestApp;
  let auth: string;
  let gate: ExportGate;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    // A pool of 4: two slow downloads may hold two, and the API still has the other two.
    t = await startTestApp({ ...ADMIN_ENV, DATABASE_POOL_SIZE: '4', EXPORT_CONCURRENCY: '2', EXPORT_IDLE_TIMEOUT_MS: String(IDLE_MS) });
    auth = `Bearer ${t.config.secrets.apiToken}`;
    gate = t.app.get(ExportGate);
    const bulk = await insertWorkspace(t.db.ds, 'bulk');
    await insertBulkCalls(t.db.ds, bulk, CALLS, 40);
  });
  afterAll(() => t.close());

  it('serves two downloads at once, answers 429 past them, keeps health and reports answering, and drops clients that stop reading', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const pool = (t.app.get(DataSource).driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
    const exportQueries = async () =>
      (
        await t.db.ds.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' AND query LIKE '/* report-calls stream */%'`,
        )
      ).length as number;
    const path = `/api/reports/export.csv?${new URLSearchParams(BULK)}`;
    const clients: RawResponse[] = [];
    try {
      clients.push(...(await Promise.all(Array.from({ length: 12 }, () => stalledGet(port, path, auth)))));
      expect(clients.map((c) => c.status).sort()).toEqual([200, 200, ...Array(10).fill(429)]);
      for (const refused of clients.filter((c) => c.status === 429)) {
        expect(refused.head).toMatch(/^Retry-After: \d+$/im);
        expect(refused.head).toMatch(/^Content-Type: application\/json/im);
        expect(JSON.parse(refused.body)).toMatchObject({ statusCode: 429, message: expect.stringMatching(/2 exports are already running/) });
      }
      // The two downloads are stalled, not finished: each holds its slot and one pooled connection, no more.
      await until(async () => gate.active === 2 && (await exportQueries()) === 2 && pool.totalCount - pool.idleCount === 2, 'both downloads stalled');

      for (const route of ['/api/health', `/api/reports/summary?${new URLSearchParams(BULK)}`]) {
        const started = Date.now();
        const res = await http().get(route).set('Authorization', auth);
        expect([route, res.status]).toEqual([route, 200]);
        expect(Date.now() - started).toBeLessThan(2000);
      }
      expect((await http().get('/api/reports/summary').query(BULK).set('Authorization', auth)).body.calls).toBe(CALLS);

      // The panel's downloads share the cap.
      const cookie = (await login(t, ADMIN))!;
      const panel = await http().get('/admin/export.csv').query(BULK).set('Cookie', cookie).expect(429);
      expect(panel.headers['retry-after']).toMatch(/^\d+$/);
      expect(panel.body.message).toMatch(/2 exports are already running/);
      expect(gate.active).toBe(2);

      // Clients that take nothing for EXPORT_IDLE_TIMEOUT_MS are dropped: slots, cursors and connections come back.
      await until(async () => gate.active === 0 && (await exportQueries()) === 0 && pool.idleCount === pool.totalCount, 'stalled downloads dropped');
      expect(warn.mock.calls.map(([message]) => String(message)).filter((m) => /dropped: its client took none of it/.test(m))).toHaveLength(2);

      const again = await http()
        .get('/api/reports/export.csv')
        .query({ ...BULK, to: '2026-09-01' })
        .set('Authorization', auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(parseCsv((again.body as Buffer).toString('utf8'))).toHaveLength(1 + 2159);
      expect(gate.active).toBe(0);
    } finally {
      warn.mockRestore();
      for (const c of clients) c.socket.destroy();
    }
  });

  it('frees the slot when the request is refused, fails or the client hangs up', async () => {
    for (let i = 0; i < 3; i++) {
      await http().get('/api/reports/export.csv').query({ workspace: 'nobody' }).set('Authorization', auth).expect(400);
      await http().get('/api/reports/export.xlsx').query({ from: '2026-02-30', to: '2026-03-01' }).set('Authorization', auth).expect(400);
    }
    expect(gate.active).toBe(0);
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const hungUp = await Promise.all(['csv', 'xlsx'].map((kind) => stalledGet(port, `/api/reports/export.${kind}?${new URLSearchParams(BULK)}`, auth)));
    expect(hungUp.map((c) => c.status)).toEqual([200, 200]);
    for (const c of hungUp) c.socket.destroy();
    await until(() => gate.active === 0, 'slots freed after hang-ups');
    await http()
      .get('/api/reports/export.xlsx')
      .query({ ...BULK, to: '2026-09-01' })
      .set('Authorization', auth)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(gate.active).toBe(0);
  });
});

/** Polls for up to 8 s. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 8000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
