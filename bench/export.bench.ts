import 'reflect-metadata';
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { loadConfig } from '../src/config/load-config.js';
import { migrateUnderLock } from '../src/database/advisory-lock.js';
import { dataSourceOptions } from '../src/database/data-source.options.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { setupHttp } from '../src/http.setup.js';
import { callColumns, TableWriter } from '../src/reporting/export/workbook-export.js';
import { ReportCalls } from '../src/reporting/report-calls.js';
import { ReportScopeResolver } from '../src/reporting/report-scope.js';
import { SystemClock } from '../src/common/clock.js';
import { SEED_ARGS, seedOptionsFrom, seedSynthetic } from '../src/seed/seed-synthetic.cli.js';
import { freePort } from '../test/support/free-port.js';

/**
 * npm run bench:export [-- --calls N --workspaces N --days N --seed N --tz ZONE --rounds N --naive --cpu-prof-dir DIR --memory-log]
 *
 * Seeds a throwaway database (on DATABASE_URL's server, else an embedded PostgreSQL in a temporary
 * folder) with the synthetic generator and downloads the whole period over HTTP, export.xlsx and then
 * export.csv, each from a fresh app in a child process (so its peak RSS is that export's alone). In
 * between, this process writes the same rows from the same cursor with a bare exceljs streaming
 * writer (no HTTP, no backpressure). Targets: first byte < 1 s, server peak RSS < 300 MB, xlsx
 * export ≤ 1.3× the bare writer.
 */

const TARGET_TTFB_S = 1;
const TARGET_RSS_MB = 300;
const TARGET_RATIO = 1.3;
const SERVE = '--serve';

interface Download {
  headersSeconds: number;
  firstByteSeconds: number;
  seconds: number;
  bytes: number;
  lines: number;
  zipComplete: boolean;
  /** The server's VmHWM when the download ended (boot included), and what it was before. */
  peak: number;
  bootHwm: number;
}

interface Server {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      ...SEED_ARGS,
      tz: { type: 'string', default: 'UTC' },
      rounds: { type: 'string', default: '2' },
      naive: { type: 'boolean', default: false },
      'cpu-prof-dir': { type: 'string' },
      'memory-log': { type: 'boolean', default: false },
    },
  });
  const options = seedOptionsFrom(values);
  const db = await throwawayDatabase(process.env.DATABASE_URL);
  const dataDir = mkdtempSync(join(tmpdir(), 'export-bench-data-'));
  let server: Server | undefined;
  try {
    const env: Record<string, string> = {
      DATABASE_URL: db.url,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      SYNC_ENABLED: 'false',
      ADMIN_ENABLED: 'false',
      MIGRATIONS_RUN: 'false',
      REPORT_TIMEZONE: values.tz,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      API_TOKEN: randomBytes(24).toString('base64url'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
    };
    const config = loadConfig({ envFile: null, env });
    const ds = await new DataSource(dataSourceOptions(db.url, 4)).initialize();
    await migrateUnderLock(ds);
    console.log(`database ${db.where}; seeding ${options.calls.toLocaleString('en-US')} calls, ${options.workspaces} workspaces, ${options.days} days`);
    const seeded = await seedSynthetic(ds, db.url, config, options, () => undefined);
    const [period] = await ds.query(
      `SELECT (min(started_at) AT TIME ZONE $1)::date::text AS "from", (max(started_at) AT TIME ZONE $1)::date::text AS "to", count(*)::int AS calls FROM calls`,
      [values.tz],
    );
    const query = { from: period.from as string, to: period.to as string, tz: values.tz };
    console.log(`seeded in ${seeded.seconds.toFixed(1)} s; period ${query.from} to ${query.to} (${query.tz}), ${period.calls.toLocaleString('en-US')} calls`);

    const scope = await new ReportScopeResolver(ds, config, new SystemClock()).resolve(query);
    const serverArgv = values['cpu-prof-dir'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof-dir']] : [];
    /** Each export in a server of its own, so its VmHWM at the end is that export's peak (boot included). */
    const measured = async (path: string): Promise<Download> => {
      server = await startServer(env, serverArgv, values['memory-log']);
      try {
        return await download(server.port, path, query, env.API_TOKEN, server.pid);
      } finally {
        await server.stop();
        server = undefined;
      }
    };
    // The machine may be shared: rounds alternate the export and the bare writer, and the best of each counts.
    const rounds = Number(values.rounds);
    const xlsxRuns: Download[] = [];
    const bareRuns: Array<Awaited<ReturnType<typeof bareWriter>>> = [];
    for (let round = 1; round <= rounds; round++) {
      const x = await measured('export.xlsx');
      xlsxRuns.push(x);
      console.log(
        `round ${round} export.xlsx: ${x.seconds.toFixed(1)} s, first byte ${x.firstByteSeconds.toFixed(3)} s, ${mb(x.bytes)}, server peak ${mb(x.peak)} (after boot ${mb(x.bootHwm)})`,
      );
      const b = await bareWriter(ds, scope, false);
      bareRuns.push(b);
      console.log(`round ${round} bare writer: ${b.seconds.toFixed(1)} s, ${mb(b.bytes)}, this process peak ${mb(b.peakRss)}`);
    }
    const csv = await measured('export.csv');
    console.log(`export.csv: ${csv.seconds.toFixed(1)} s, first byte ${csv.firstByteSeconds.toFixed(3)} s, ${mb(csv.bytes)}, server peak ${mb(csv.peak)}`);
    const naive = values.naive ? await bareWriter(ds, scope, true) : null;
    await ds.destroy();

    const xlsx = xlsxRuns.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const bare = bareRuns.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const ratio = xlsx.seconds / bare.seconds;
    const peak = Math.max(...xlsxRuns.map((x) => x.peak));
    const firstByte = Math.max(...xlsxRuns.map((x) => x.firstByteSeconds));
    const complete = xlsxRuns.every((x) => x.zipComplete);
    const row = (label: string, value: string) => console.log(`  ${label.padEnd(34)}${value}`);
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const times = (runs: Array<{ seconds: number }>) => (runs.length > 1 ? `  (${runs.map((r) => r.seconds.toFixed(1)).join(' / ')})` : '');
    console.log('\nbench:export');
    row('data', `${period.calls.toLocaleString('en-US')} calls, ${options.workspaces} workspaces, ${query.from} to ${query.to} (${query.tz})`);
    row(
      `export.xlsx over HTTP${rounds > 1 ? `, best of ${rounds}` : ''}`,
      `${xlsx.seconds.toFixed(1)} s${times(xlsxRuns)}, ${mb(xlsx.bytes)}, ${Math.round(period.calls / xlsx.seconds).toLocaleString('en-US')} rows/s, zip ${complete ? 'complete' : 'TRUNCATED'}`,
    );
    row(
      '  headers / first byte (worst)',
      `${Math.max(...xlsxRuns.map((x) => x.headersSeconds)).toFixed(3)} s / ${firstByte.toFixed(3)} s  (target < ${TARGET_TTFB_S} s: ${verdict(firstByte < TARGET_TTFB_S)})`,
    );
    row(
      '  server peak RSS (worst)',
      `${mb(peak)}  (VmHWM, boot included; ${mb(xlsx.bootHwm)} after boot; target < ${TARGET_RSS_MB} MB: ${verdict(peak < TARGET_RSS_MB * 2 ** 20)})`,
    );
    row(
      'bare exceljs writer, same rows',
      `${bare.seconds.toFixed(1)} s${times(bareRuns)}, ${mb(bare.bytes)}, peak RSS ${mb(Math.max(...bareRuns.map((b) => b.peakRss)))} (no backpressure)`,
    );
    row('ratio export / bare', `${ratio.toFixed(2)}  (target ≤ ${TARGET_RATIO}: ${verdict(ratio <= TARGET_RATIO)})`);
    if (naive) row('naive writer (styles per column)', `${naive.seconds.toFixed(1)} s, peak RSS ${mb(naive.peakRss)}`);
    row(
      'export.csv over HTTP',
      `${csv.seconds.toFixed(1)} s, ${mb(csv.bytes)}, ${csv.lines.toLocaleString('en-US')} lines, first byte ${csv.firstByteSeconds.toFixed(3)} s, server peak ${mb(csv.peak)}`,
    );
    const ok = complete && csv.lines === period.calls + 1 && firstByte < TARGET_TTFB_S && peak < TARGET_RSS_MB * 2 ** 20 && ratio <= TARGET_RATIO;
    if (!ok) process.exitCode = 1;
  } finally {
    await server?.stop().catch(() => undefined);
    await db.drop().catch((err: unknown) => console.error(`could not drop ${db.name}: ${String(err)}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Downloads one export as fast as it comes. */
async function download(port: number, path: string, query: Record<string, string>, token: string, pid: number): Promise<Download> {
  const bootHwm = memory(pid).hwm;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  return new Promise<Download>((resolve, reject) => {
    const url = `/api/reports/${path}?${new URLSearchParams(query).toString()}`;
    const req = httpGet({ host: '127.0.0.1', port, path: url, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const headersSeconds = seconds();
      if (res.statusCode !== 200) return reject(new Error(`${path} answered ${res.statusCode}`));
      let firstByteSeconds = 0;
      let bytes = 0;
      let lines = 0;
      let tail = Buffer.alloc(0);
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteSeconds = seconds();
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        tail = Buffer.concat([tail, chunk]).subarray(-22);
      });
      res.on('error', reject);
      res.on('end', () => {
        // A zip ends with its end-of-central-directory record (22 bytes without a comment).
        const zipComplete = tail.length === 22 && tail.readUInt32LE(0) === 0x06054b50;
        resolve({ headersSeconds, firstByteSeconds, seconds: seconds(), bytes, lines, zipComplete, peak: memory(pid).hwm, bootHwm });
      });
    });
    req.on('error', reject);
  });
}

/**
 * The floor: the same rows from the same cursor through exceljs's streaming writer into a sink that
 * discards, with no HTTP and without waiting for anything to drain. By default it writes cells the
 * way the export does (TableWriter, one shared style object per column); `naive` gives each column a
 * style and lets exceljs copy it into every cell, as its documentation shows.
 */
async function bareWriter(ds: DataSource, scope: Awaited<ReturnType<ReportScopeResolver['resolve']>>, naive: boolean) {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const started = performance.now();
  try {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: true });
    const sheet = wb.addWorksheet('Calls', { views: [{ state: 'frozen', ySplit: 1 }] });
    const columns = callColumns(scope.tz, scope.currency);
    let add: (row: Parameters<(typeof columns)[number]['value']>[0]) => void;
    if (naive) {
      sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : undefined }));
      sheet.getRow(1).commit();
      add = (row) => sheet.addRow(columns.map((c) => c.value(row))).commit();
    } else {
      const table = new TableWriter(sheet, columns);
      add = (row) => table.add(row);
    }
    for await (const rows of new ReportCalls(ds).stream(scope, 2000)) for (const row of rows) add(row);
    sheet.commit();
    await wb.commit();
    return { seconds: (performance.now() - started) / 1000, bytes, peakRss: Math.max(peakRss, process.memoryUsage.rss()) };
  } finally {
    clearInterval(sampler);
  }
}

/** The server side: the app as `npm start` runs it, told its settings over IPC. */
async function serve(): Promise<void> {
  const { env, memoryLog } = await new Promise<{ env: Record<string, string>; memoryLog: boolean }>((resolve) => process.once('message', resolve as never));
  if (memoryLog) {
    setInterval(() => {
      const m = process.memoryUsage();
      console.error(`  server: rss ${mb(m.rss)}, heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, array buffers ${mb(m.arrayBuffers)}`);
    }, 5000).unref();
  }
  const config = loadConfig({ envFile: null, env });
  const app = await NestFactory.create(AppModule.register({ config, databaseUrl: env.DATABASE_URL, schedule: false }), { logger: ['error', 'warn'] });
  setupHttp(app);
  await app.listen(0, '127.0.0.1');
  process.send!({ port: (app.getHttpServer().address() as { port: number }).port });
  // A failing close stays an unhandled rejection, which ends the server with its stack.
  process.once('message', () => void app.close().then(() => process.exit(0)));
  process.once('disconnect', () => process.exit(0));
}

async function startServer(env: Record<string, string>, execArgv: string[], memoryLog: boolean): Promise<Server> {
  // Not this process's flags: `node --cpu-prof` on the bench must not profile the server too.
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [SERVE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
    child.send({ env, memoryLog });
  });
  return {
    port,
    pid: child.pid!,
    async stop() {
      if (child.connected) child.send({ type: 'stop' });
      await exited;
    },
  };
}

function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** A fresh database on `serverUrl`'s server, or on an embedded PostgreSQL started for the occasion. */
async function throwawayDatabase(serverUrl: string | undefined) {
  let adminUrl = serverUrl;
  let embedded: { dir: string; stop(): Promise<void> } | undefined;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'export-bench-pg-'));
    const started = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), database: 'postgres' });
    adminUrl = started.url;
    embedded = { dir, stop: started.stop };
  }
  const name = `export_bench_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    where: `${name} on ${embedded ? 'an embedded PostgreSQL' : 'the DATABASE_URL server'} ${url.host}`,
    async drop() {
      try {
        await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        if (embedded) {
          await embedded.stop();
          rmSync(embedded.dir, { recursive: true, force: true });
        }
      }
    },
  };
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

if (process.argv[2] === SERVE) {
  serve().catch((err: unknown) => {
    console.error('export bench server failed:', err);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (err: unknown) => {
      console.error('bench:export failed:', err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
