import 'reflect-metadata';
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/load-config.js';
import { migrateUnderLock } from '../src/database/advisory-lock.js';
import { dataSourceOptions } from '../src/database/data-source.options.js';
import { SEED_ARGS, seedOptionsFrom, seedSynthetic } from '../src/seed/seed-synthetic.cli.js';
import { startSlackEmulator, type SlackEmulator } from '../test/emulators/slack/slack.emulator.js';
import { sendSlash, slackEnv } from '../test/slack/slack-request.js';
import type { EmulatorsReady, ParentMessage } from './support/emulators.child.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from './support/throwaway-database.js';
import { benchEnv } from './support/bench-env.js';
import { type AppProcess, startApp } from './support/bench-app.js';

/**
 * npm run bench:slack [-- --calls N --workspaces N --days N --requests N --burst N --sync-calls N]
 *
 * Seeds a throwaway database with the synthetic generator (1M calls by default), runs the real server
 * (dist/src/main.js) in a child process with Slack pointed at the local emulator, and times signed
 * /costs requests from sending to the answer: the HTTP ack when it carries the answer, or the
 * response_url post when the answer came late. Target: p95 < 300 ms. Then starts a real sync from
 * the vendor emulators and sends a burst of concurrent /costs while it runs: every one must be answered.
 * DATABASE_URL picks the PostgreSQL server; without it an embedded one runs in a temporary folder.
 */

const TARGET_P95_MS = 300;
const WARMUP = 10;

interface Timed {
  ms: number;
  /** Until the HTTP ack: what Slack's 3 s limit applies to. */
  ackMs: number;
  late: boolean;
  ok: boolean;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { ...SEED_ARGS, requests: { type: 'string', default: '200' }, burst: { type: 'string', default: '50' }, 'sync-calls': { type: 'string', default: '40000' } },
  });
  const seed = seedOptionsFrom(values);
  const requests = Number(values.requests);
  const burst = Number(values.burst);
  const dataDir = mkdtempSync(join(tmpdir(), 'slack-bench-data-'));
  const env = benchEnv(dataDir);
  const config = loadConfig({ envFile: null, env });
  let db: ThrowawayDatabase | undefined;
  let ds: DataSource | undefined;
  let slack: SlackEmulator | undefined;
  let vendors: { ready: Promise<EmulatorsReady>; stop(): void } | undefined;
  let app: AppProcess | undefined;
  try {
    vendors = startVendorEmulators(Number(values['sync-calls']));
    db = await createThrowawayDatabase(config.database.url, 'slack_bench');
    ds = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
    await migrateUnderLock(ds);
    const seeded = await seedSynthetic(ds, db.url, config, seed, () => undefined);
    await ds.query('VACUUM ANALYZE');
    const [data] = await ds.query(`SELECT count(*)::int AS calls, (SELECT count(*) FROM workspaces)::int AS workspaces FROM calls`);
    const [busiest] = await ds.query(`SELECT w.slug FROM calls c JOIN workspaces w ON w.id = c.workspace_id GROUP BY w.slug ORDER BY count(*) DESC LIMIT 1`);
    console.log(`bench:slack on ${db.where}; ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)}`);
    console.log(`data: ${data.calls.toLocaleString('en-US')} calls in ${data.workspaces} workspaces over ${seed.days} days, seeded in ${seeded.seconds.toFixed(1)} s`);

    slack = await startSlackEmulator();
    const emulators = await vendors.ready;
    app = await startApp(
      {
        ...env,
        DATABASE_URL: db.url,
        MIGRATIONS_RUN: 'false',
        ...slackEnv(slack),
        TWILIO_API_BASE_URL: emulators.twilioUrl,
        ELEVENLABS_API_BASE_URL: emulators.elevenlabsUrl,
        TWILIO_ACCOUNT_SID: emulators.accountSid,
        TWILIO_AUTH_TOKEN: emulators.authToken,
        ELEVENLABS_USD_PER_CREDIT: emulators.usdPerCredit,
        SYNC_BACKFILL_DAYS: String(emulators.datasetDays + 2),
        SYNC_OVERLAP_MINUTES: '10080',
      },
      dataDir,
    );
    await app.ready;
    const costs = timer(app.baseUrl, slack);

    console.log(`\n/costs from signed request to answer, ${requests} sequential requests each (ms; "late" = answered through response_url)`);
    console.log(`${'command'.padEnd(34)}${['p50', 'p95', 'p99', 'max'].map((h) => h.padStart(8)).join('')}   late  p95 < ${TARGET_P95_MS} ms`);
    for (const text of ['', 'compare', 'mes', `${busiest.slug} semana`, 'comparar 30d']) {
      for (let i = 0; i < WARMUP; i++) await costs(text);
      const times: Timed[] = [];
      for (let i = 0; i < requests; i++) times.push(await costs(text));
      printRow(`/costs ${text}`, times, ['', 'compare'].includes(text));
    }

    const quiet = await burstOf(costs, burst);
    console.log(`\n${burst} concurrent /costs (half compare), no sync running`);
    printRow(`burst of ${burst}`, quiet.answers, false);
    console.log(`  ${quiet.summary}`);

    // A real sync from the vendor emulators, with the burst sent while it runs.
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${app!.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${config.secrets.apiToken}`, 'content-type': 'application/json' } });
    for (const w of emulators.workspaces) {
      const res = await api('/api/workspaces', {
        method: 'POST',
        body: JSON.stringify({ name: w.name, slug: w.slug, twilioPhoneNumbers: w.numbers, elevenlabsApiKey: w.apiKey, elevenlabsAgentIds: w.agentIds }),
      });
      if (res.status !== 201) throw new Error(`creating workspace ${w.slug}: ${res.status} ${await res.text()}`);
    }
    // The first sync of a process also loads the vendor SDKs (seconds of blocked event loop); the
    // second re-reads the last week (SYNC_OVERLAP_MINUTES) with everything warm. One burst during each.
    for (const label of ['the first sync of the process', 'a re-sync of the last 7 days']) {
      const res = await api('/api/sync', { method: 'POST' });
      const run = (await res.json()) as { id: string };
      const syncStarted = performance.now();
      await new Promise((r) => setTimeout(r, 300));
      // How long the server takes to answer anything at all while the sync runs (its event loop is shared).
      const health: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await fetch(`${app.baseUrl}/api/health`);
        health.push(performance.now() - t0);
      }
      const { answers, summary } = await burstOf(costs, burst);
      const during = (await (await api(`/api/sync/runs/${run.id}`)).json()) as { status: string };
      let finished: { status: string; sources: Array<{ rows: number }> };
      for (;;) {
        finished = (await (await api(`/api/sync/runs/${run.id}`)).json()) as typeof finished;
        if (finished.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const syncSeconds = (performance.now() - syncStarted) / 1000;
      const rows = finished.sources.reduce((n, s) => n + s.rows, 0);
      console.log(`\n${burst} concurrent /costs (half compare) during ${label} (${rows.toLocaleString('en-US')} vendor rows)`);
      printRow(`burst of ${burst}`, answers, false);
      console.log(`  ${summary}`);
      health.sort((a, b) => a - b);
      console.log(`  /api/health during the sync, before the burst: median ${health[2].toFixed(0)} ms, max ${health[4].toFixed(0)} ms`);
      console.log(`  the sync was ${during.status} when the burst ended; it finished ${finished.status} in ${syncSeconds.toFixed(1)} s`);
      if (answers.some((a) => !a.ok) || during.status !== 'running') process.exitCode = 1;
    }
    console.log(
      `load average after the runs ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} (1, 5, 15 min) on ${cpus().length} CPUs`,
    );
  } finally {
    await app?.stop().catch((err: unknown) => console.error(`could not stop the app: ${String(err)}`));
    await slack?.stop();
    vendors?.stop();
    await ds?.destroy().catch(() => undefined);
    await db?.drop().catch((err: unknown) => console.error(`could not drop ${db?.name}: ${String(err)}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Sends one signed /costs and resolves when its answer is in: the ack's body, or the response_url post. */
function timer(baseUrl: string, slack: SlackEmulator) {
  let n = 0;
  return async (text: string): Promise<Timed> => {
    const id = `bench-${++n}`;
    const started = performance.now();
    const res = await sendSlash(baseUrl, text, { responseUrl: slack.responseUrl(id) });
    const ackMs = performance.now() - started;
    if (res.status !== 200) return { ms: ackMs, ackMs, late: false, ok: false };
    // The interim "working on it" ack is a bare text; an answer has blocks.
    if (res.body?.blocks?.length) return { ms: ackMs, ackMs, late: false, ok: true };
    await slack.waitFor((s) => s.responses.some((r) => r.id === id), 30_000).catch(() => undefined);
    return { ms: performance.now() - started, ackMs, late: true, ok: slack.responses.some((r) => r.id === id) };
  };
}

async function burstOf(costs: (text: string) => Promise<Timed>, n: number): Promise<{ answers: Timed[]; summary: string }> {
  const started = performance.now();
  const answers = await Promise.all(Array.from({ length: n }, (_, i) => costs(i % 2 ? 'compare' : '')));
  const ms = performance.now() - started;
  const acks = answers.map((a) => a.ackMs).sort((a, b) => a - b);
  const summary =
    `answered ${answers.filter((a) => a.ok).length}/${n} in ${ms.toFixed(0)} ms (${answers.filter((a) => a.late).length} through response_url); ` +
    `HTTP ack p50 ${acks[acks.length >> 1].toFixed(0)} ms, max ${acks[acks.length - 1].toFixed(0)} ms, ${acks.filter((a) => a >= 3000).length} over Slack's 3 s`;
  return { answers, summary };
}

function printRow(label: string, times: Timed[], target: boolean): void {
  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length, Math.ceil((p / 100) * sorted.length)) - 1];
  const p95 = rank(95);
  if (target && p95 >= TARGET_P95_MS) process.exitCode = 1;
  const late = times.filter((t) => t.late).length;
  const verdict = target || label.startsWith('/costs') ? (p95 < TARGET_P95_MS ? 'PASS' : 'FAIL') : '';
  console.log(
    `${label.slice(0, 33).padEnd(34)}${[rank(50), p95, rank(99), sorted[sorted.length - 1]].map((x) => x.toFixed(1).padStart(8)).join('')}${String(late).padStart(7)}  ${verdict}`,
  );
}

function startVendorEmulators(calls: number): { ready: Promise<EmulatorsReady>; stop(): void } {
  const script = fileURLToPath(new URL('./support/emulators.child.js', import.meta.url));
  const proc: ChildProcess = fork(script, ['--calls', String(calls), '--conversations', String(calls)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  const ready = new Promise<EmulatorsReady>((resolve, reject) => {
    proc.on('message', (m: { type: string }) => m.type === 'ready' && resolve(m as EmulatorsReady));
    proc.once('exit', (code) => reject(new Error(`the vendor emulators exited (${code}) before they were ready`)));
  });
  ready.catch(() => undefined);
  return {
    ready,
    stop: () => {
      if (proc.connected) {
        proc.send({ type: 'stop' } satisfies ParentMessage);
        proc.disconnect();
      }
    },
  };
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error('bench:slack failed:', err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
