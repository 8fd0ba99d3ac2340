import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Decimal } from 'decimal.js';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import type { AppConfig } from '../src/config/app-config.js';
import { loadConfig } from '../src/config/load-config.js';
import { SyncTrigger } from '../src/entities/index.js';
import { SyncService } from '../src/sync/sync.service.js';
import { WorkspacesService } from '../src/workspaces/workspaces.service.js';
import type { EmulatorsReady } from './support/emulators.child.js';
import { startEmulators } from './support/emulators.client.js';
import { runLatePrices, type LatePricesOutcome } from './support/late-prices.js';
import { cpuText, phaseMeter, printSources } from './support/phase-meter.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from './support/throwaway-database.js';
import { installSyncProfile, printSyncProfile } from './support/sync-profile.js';
import { requestsBetween } from './support/twilio-requests.js';
import { pageThroughVendors } from './support/vendor-floor.js';
import { benchEnv } from './support/bench-env.js';

/**
 * npm run bench:sync [-- --calls N --conversations N --concurrency N --profile --cpu-prof-dir DIR --late-prices]
 *
 * Syncs N Twilio calls and N ElevenLabs conversations from the emulators (run in a child process, so
 * this process's CPU and RSS are the sync's) into a throwaway database, and compares it with the
 * floor: paging through the same emulated APIs with the app's adapters without writing anything.
 * Targets: full sync ≤ 1.5× the floor; a re-sync with nothing new < 2 s.
 * `--late-prices`: 2% of the legs unpriced and older than 72 h instead of 5% of all; after the
 * re-sync Twilio prices them and the late re-sync is measured (bench/support/late-prices.ts).
 * DATABASE_URL picks the PostgreSQL server; without it an embedded one runs in a temporary folder.
 */

const TARGET_RATIO = 1.5;
const TARGET_RESYNC_SECONDS = 2;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      calls: { type: 'string', default: '100000' },
      conversations: { type: 'string', default: '100000' },
      concurrency: { type: 'string', default: '8' },
      profile: { type: 'boolean', default: false },
      'cpu-prof-dir': { type: 'string' },
      'late-prices': { type: 'boolean', default: false },
    },
  });
  const counts = { calls: positiveInt(values.calls, '--calls'), conversations: positiveInt(values.conversations, '--conversations') };
  if (values.profile) installSyncProfile();

  const latePrices = values['late-prices'];
  const child = startEmulators(counts, latePrices);
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

    const requests0 = (await child.requests()).counts;
    const again = await measure('re-sync', () => sync.runNow(SyncTrigger.Cli));
    const waiting = requestsBetween(requests0, (await child.requests()).counts);
    console.log(`re-sync:            ${again.seconds.toFixed(2)} s, ${again.result.status}`);
    printSources(again.result);
    printSyncProfile('re-sync');
    let late: LatePricesOutcome | undefined;
    if (latePrices) late = await runLatePrices({ app, child, measure, config, firstDay: f.windowStart.slice(0, 10), waiting });
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
    row(
      're-sync, nothing new',
      `${again.seconds.toFixed(2)} s  ${again.result.status}  load ${again.load.toFixed(1)}  (target < ${TARGET_RESYNC_SECONDS} s: ${again.seconds < TARGET_RESYNC_SECONDS ? 'met' : 'MISSED'})`,
    );
    row('rows stored / rows/s', `${stored.rows.toLocaleString('en-US')} / ${Math.round(stored.rows / full.seconds).toLocaleString('en-US')}`);
    row('WAL written', `sync ${mb(full.walBytes)}, re-sync ${mb(again.walBytes)}`);
    row('peak RSS (maxRSS) after sync', mb(maxRss));
    row('peak RSS sampled', `floor ${mb(floor1.peakRss)}, sync ${mb(full.peakRss)}, re-sync ${mb(again.peakRss)}`);
    for (const c of checks) row(c.label, c.text);
    if (late) {
      console.log('\nbench:sync --late-prices');
      for (const [label, value] of late.rows) row(label, value);
    }
    const failed = full.result.status !== 'succeeded' || again.result.status !== 'succeeded' || checks.some((c) => !c.ok) || late?.ok === false;
    if (failed) process.exitCode = 1;
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
      // What --late-prices' legs are older than; pinned so a changed default cannot move them into the window.
      SYNC_PRICE_PENDING_MAX_HOURS: '72',
    }),
  });
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
