import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Decimal } from 'decimal.js';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import type { AppConfig } from '../src/config/app-config.js';
import { loadConfig } from '../src/config/load-config.js';
import { SyncTrigger } from '../src/entities/index.js';
import type { SyncRunView } from '../src/sync/dto/sync-run.view.js';
import { SyncService } from '../src/sync/sync.service.js';
import { WorkspacesService } from '../src/workspaces/workspaces.service.js';
import type { EmulatorsReady, EmulatorsUsage, ParentMessage } from './support/emulators.child.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from './support/throwaway-database.js';
import { installSyncProfile, printSyncProfile, withCpuProfile } from './support/sync-profile.js';
import { pageThroughVendors } from './support/vendor-floor.js';
import { benchEnv } from './support/bench-env.js';

/**
 * npm run bench:sync [-- --calls N --conversations N --concurrency N --profile --cpu-prof-dir DIR]
 *
 * Syncs N Twilio calls and N ElevenLabs conversations from the emulators (run in a child process, so
 * this process's CPU and RSS are the sync's) into a throwaway database, and compares it with the
 * floor: paging through the same emulated APIs with the app's adapters without writing anything.
 * Targets: full sync ≤ 1.5× the floor; a re-sync with nothing new < 2 s.
 * DATABASE_URL picks the PostgreSQL server; without it an embedded one runs in a temporary folder.
 */

const TARGET_RATIO = 1.5;
const TARGET_RESYNC_SECONDS = 2;

interface Phase<T> {
  result: T;
  seconds: number;
  cpu: { bench: number; emulators: number; postgres: number | null };
  /** WAL written by the PostgreSQL server during the phase (server-wide). */
  walBytes: number;
  /** Highest RSS of this process sampled during the phase. */
  peakRss: number;
  /** The machine's 1-minute load average at the end: above the core count, other work skewed the timing. */
  load: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      calls: { type: 'string', default: '100000' },
      conversations: { type: 'string', default: '100000' },
      concurrency: { type: 'string', default: '8' },
      profile: { type: 'boolean', default: false },
      'cpu-prof-dir': { type: 'string' },
    },
  });
  const counts = { calls: positiveInt(values.calls, '--calls'), conversations: positiveInt(values.conversations, '--conversations') };
  if (values.profile) installSyncProfile();

  const child = startEmulators(counts);
  const dataDir = mkdtempSync(join(tmpdir(), 'sync-bench-data-'));
  let db: ThrowawayDatabase | undefined;
  let app: INestApplicationContext | undefined;
  try {
    const emulators = await child.ready;
    const f = emulators.facts;
    console.log(
      `data: ${f.parentCalls.toLocaleString('en-US')} Twilio parent calls + ${f.childLegs.toLocaleString('en-US')} child legs ` +
        `(${f.unpricedLegs.toLocaleString('en-US')} unpriced), ${f.conversations.toLocaleString('en-US')} conversations ` +
        `(${f.linked.toLocaleString('en-US')} on our calls), ${emulators.datasetDays} days to ${f.windowEnd.slice(0, 10)}; ` +
        `generated in ${emulators.generateSeconds.toFixed(1)} s`,
    );
    const config = benchConfig(emulators, dataDir, values.concurrency);
    db = await createThrowawayDatabase(config.database.url, 'sync_bench');
    console.log(`database ${db.name} on ${db.where}; VENDOR_CONCURRENCY ${config.vendor.concurrency}`);
    const measure = phaseMeter(child, db, values['cpu-prof-dir']);

    const floor1 = await measure('floor-1', () => pageThroughVendors(config, emulators));
    console.log(`floor (read only):  ${floor1.seconds.toFixed(1)} s, ${floor1.result.describe}`);
    printSyncProfile('floor');

    app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: db.url, schedule: false, http: false }), {
      logger: ['error', 'warn'],
    });
    const workspaces = app.get(WorkspacesService);
    for (const w of emulators.workspaces) {
      await workspaces.create({ name: w.name, slug: w.slug, twilioPhoneNumbers: w.numbers, elevenlabsApiKey: w.apiKey, elevenlabsAgentIds: w.agentIds });
    }
    const sync = app.get(SyncService);
    const ds = app.get(DataSource);

    const full = await measure('sync', () => sync.runNow(SyncTrigger.Cli));
    const maxRss = process.resourceUsage().maxRSS * 1024;
    const stored = await storedTotals(ds);
    console.log(`full sync:          ${full.seconds.toFixed(1)} s, ${full.result.status}, ${stored.rows.toLocaleString('en-US')} rows`);
    printSources(full.result);
    printSyncProfile('full sync');

    const again = await measure('re-sync', () => sync.runNow(SyncTrigger.Cli));
    console.log(`re-sync:            ${again.seconds.toFixed(2)} s, ${again.result.status}`);
    printSources(again.result);
    printSyncProfile('re-sync');
    await app.close();
    app = undefined;

    // Again, warm: the first floor alone pays the cold start (the ElevenLabs client loads its schema
    // modules on first use, about 4 s of CPU, and both processes JIT-compile their hot paths).
    const floor2 = await measure('floor-2', () => pageThroughVendors(config, emulators));
    console.log(`floor, second run:  ${floor2.seconds.toFixed(1)} s`);
    printSyncProfile('floor, second run');
    const floor = floor1.seconds <= floor2.seconds ? floor1 : floor2;

    const checks = [
      check('rows in calls', String(stored.rows), String(f.expectedRows)),
      check('Twilio cost', stored.twilioCost, f.twilioCost),
      check('ElevenLabs cost', stored.elevenlabsCost, f.elevenlabsCost),
    ];
    const ratio = full.seconds / floor.seconds;
    const row = (label: string, value: string) => console.log(`  ${label.padEnd(30)}${value}`);
    console.log('\nbench:sync');
    row('data', `${counts.calls.toLocaleString('en-US')} calls (+${f.childLegs.toLocaleString('en-US')} legs), ${counts.conversations.toLocaleString('en-US')} conversations`);
    row('VENDOR_CONCURRENCY', String(config.vendor.concurrency));
    row('floor (best of 2)', `${floor.seconds.toFixed(1)} s  (${floor1.seconds.toFixed(1)} / ${floor2.seconds.toFixed(1)})  ${cpuText(floor)}`);
    row('full sync', `${full.seconds.toFixed(1)} s  ${full.result.status}  ${cpuText(full)}`);
    row('ratio sync / floor', `${ratio.toFixed(2)}  (target ≤ ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'})`);
    // Less sensitive than wall time to other work on the machine: the floor is CPU-bound in this process.
    row('bench CPU sync / floor', (full.cpu.bench / floor.cpu.bench).toFixed(2));
    row('re-sync, nothing new', `${again.seconds.toFixed(2)} s  ${again.result.status}  load ${again.load.toFixed(1)}  (target < ${TARGET_RESYNC_SECONDS} s: ${again.seconds < TARGET_RESYNC_SECONDS ? 'met' : 'MISSED'})`);
    row('rows stored / rows/s', `${stored.rows.toLocaleString('en-US')} / ${Math.round(stored.rows / full.seconds).toLocaleString('en-US')}`);
    row('WAL written', `sync ${mb(full.walBytes)}, re-sync ${mb(again.walBytes)}`);
    row('peak RSS (maxRSS) after sync', mb(maxRss));
    row('peak RSS sampled', `floor ${mb(floor1.peakRss)}, sync ${mb(full.peakRss)}, re-sync ${mb(again.peakRss)}`);
    for (const c of checks) row(c.label, c.text);
    if (full.result.status !== 'succeeded' || again.result.status !== 'succeeded' || checks.some((c) => !c.ok)) process.exitCode = 1;
  } finally {
    await app?.close().catch(() => undefined);
    await db?.drop().catch((err: unknown) => console.error(`could not drop ${db?.name}: ${String(err)}`));
    child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function benchConfig(emulators: EmulatorsReady, dataDir: string, concurrency: string | undefined): AppConfig {
  return loadConfig({
    envFile: null,
    env: benchEnv(dataDir, {
      TWILIO_API_BASE_URL: emulators.twilioUrl,
      ELEVENLABS_API_BASE_URL: emulators.elevenlabsUrl,
      TWILIO_ACCOUNT_SID: emulators.accountSid,
      TWILIO_AUTH_TOKEN: emulators.authToken,
      ELEVENLABS_USD_PER_CREDIT: emulators.usdPerCredit,
      SYNC_BACKFILL_DAYS: String(emulators.datasetDays + 2),
      VENDOR_CONCURRENCY: concurrency,
    }),
  });
}

interface EmulatorsChild {
  ready: Promise<EmulatorsReady>;
  usage(): Promise<EmulatorsUsage>;
  stop(): void;
}

function startEmulators(counts: { calls: number; conversations: number }): EmulatorsChild {
  const script = fileURLToPath(new URL('./support/emulators.child.js', import.meta.url));
  const proc: ChildProcess = fork(script, ['--calls', String(counts.calls), '--conversations', String(counts.conversations)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Not this process's flags: `node --cpu-prof` on the bench must not profile the emulators too.
    execArgv: [],
  });
  const send = (m: ParentMessage) => proc.connected && proc.send(m);
  const next = <T extends { type: string }>(type: T['type']) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: T) => {
        if (m.type !== type) return;
        proc.off('exit', onExit);
        proc.off('message', onMessage);
        resolve(m);
      };
      const onExit = (code: number | null) => reject(new Error(`the emulators' process exited (${code}) before answering`));
      proc.on('message', onMessage);
      proc.once('exit', onExit);
    });
  return {
    ready: next<EmulatorsReady>('ready'),
    usage() {
      const answer = next<EmulatorsUsage>('usage');
      send({ type: 'usage' });
      return answer;
    },
    stop() {
      send({ type: 'stop' });
      proc.disconnect?.();
    },
  };
}

/** Runs one phase and reports its wall time, the CPU of each process involved and this process's peak RSS. */
function phaseMeter(child: EmulatorsChild, db: ThrowawayDatabase, cpuProfDir: string | undefined) {
  return async <T>(label: string, fn: () => Promise<T>): Promise<Phase<T>> => {
    const cpu0 = process.cpuUsage();
    const emu0 = (await child.usage()).cpuSeconds;
    const pg0 = db.serverCpuSeconds();
    const wal0 = await db.serverWalBytes();
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
    const started = performance.now();
    try {
      const result = await withCpuProfile(cpuProfDir, label, fn);
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const pg1 = db.serverCpuSeconds();
      return {
        result,
        seconds,
        peakRss: Math.max(peakRss, process.memoryUsage.rss()),
        load: loadavg()[0],
        walBytes: (await db.serverWalBytes()) - wal0,
        cpu: {
          bench: (cpu.user + cpu.system) / 1e6,
          emulators: (await child.usage()).cpuSeconds - emu0,
          postgres: pg0 === null || pg1 === null ? null : pg1 - pg0,
        },
      };
    } finally {
      clearInterval(sampler);
    }
  };
}

async function storedTotals(ds: DataSource) {
  const [row] = await ds.query(
    `SELECT count(*)::int AS rows, COALESCE(sum(twilio_cost), 0)::text AS twilio_cost,
            COALESCE(sum(elevenlabs_cost), 0)::text AS elevenlabs_cost FROM calls`,
  );
  return { rows: row.rows as number, twilioCost: row.twilio_cost as string, elevenlabsCost: row.elevenlabs_cost as string };
}

/** Money matches when it agrees to the cent; the exact difference is printed either way. */
function check(label: string, stored: string, expected: string) {
  const diff = new Decimal(stored).minus(expected);
  const ok = label.startsWith('rows') ? diff.isZero() : diff.abs().lt('0.005');
  return { label, ok, text: `${ok ? 'OK' : 'MISMATCH'}  stored ${stored}, expected ${expected}${diff.isZero() ? '' : ` (diff ${diff.toFixed()})`}` };
}

function printSources(run: SyncRunView): void {
  for (const s of run.sources) {
    const seconds = s.finishedAt ? ((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000).toFixed(1) : '?';
    const error = s.lastError ? `  error: ${s.lastError}` : '';
    console.log(`    ${`${s.workspace ?? '(account)'} ${s.source}`.padEnd(26)} ${s.status.padEnd(10)} ${seconds.padStart(6)} s  pages ${String(s.pages).padStart(5)}  rows ${String(s.rows).padStart(7)}${error}`);
  }
}

function cpuText(p: Phase<unknown>): string {
  const pg = p.cpu.postgres === null ? 'n/a' : `${p.cpu.postgres.toFixed(1)} s`;
  return `[CPU: bench ${p.cpu.bench.toFixed(1)} s, emulators ${p.cpu.emulators.toFixed(1)} s, postgres ${pg}; load ${p.load.toFixed(1)}]`;
}

function positiveInt(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

main().then(
  // Keep-alive sockets of the floor's vendor clients would otherwise hold the process open.
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error('bench:sync failed:', err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
