import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Decimal } from 'decimal.js';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/load-config.js';
import { migrateUnderLock } from '../src/database/advisory-lock.js';
import { dataSourceOptions } from '../src/database/data-source.options.js';
import { ReportScopeResolver } from '../src/reporting/report-scope.js';
import { SystemClock } from '../src/common/clock.js';
import { reportSource } from '../src/reporting/report-source.js';
import { Prng } from '../src/seed/prng.js';
import { SEED_ARGS, seedOptionsFrom, seedSynthetic } from '../src/seed/seed-synthetic.cli.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from './support/throwaway-database.js';
import { benchEnv } from './support/bench-env.js';
import { type AppProcess, startApp } from './support/bench-app.js';
import { type CurrencyRoute, measureCurrencies, printCurrencies } from './support/currency-latency.js';
import { convertedFigures, ECB_FIRST_DAY, seedEuroRates } from './support/euro-rates.js';

/**
 * npm run bench:reports [-- --calls N --workspaces N --days N --requests N --concurrency N --batch N --rates-from YYYY-MM-DD]
 *
 * Seeds a throwaway database with the synthetic generator and ECB euro rates (USD, GBP, MXN on business
 * days from --rates-from, default the ECB's first day, as the first import of eurofxref-hist.xml leaves
 * them), runs the real server (dist/src/main.js) in a child process, so the client's CPU does not share
 * its event loop, and times report requests over HTTP. Target: summary and daily timeseries for a
 * month, p95 < 50 ms. Then every route again in EUR (and MXN for the summaries) against USD (#15: within
 * 10%, month summary p95 < 50 ms). Also checks that the figures are exact, in USD and converted, and
 * that a sync-sized UPDATE shows in the very next summary.
 * DATABASE_URL picks the PostgreSQL server; without it an embedded one runs in a temporary folder.
 */

const TARGET_P95_MS = 50;
const WARMUP_ROUNDS = 10;
const UPDATE_ROUNDS = 5;

type Scenario = { label: string; endpoint: 'summary' | 'timeseries' | 'workspaces' | 'compare' | 'calls' | 'agents'; query: Record<string, string>; target: boolean };

interface Latencies {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
  /** CPU milliseconds per request of the app process and of PostgreSQL; null where it cannot be read. */
  appCpuMs: number | null;
  pgCpuMs: number | null;
}

/** Calendar days, both inclusive. */
type Month = { from: string; to: string };

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      ...SEED_ARGS,
      requests: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '4' },
      batch: { type: 'string', default: '1000' },
      'rates-from': { type: 'string', default: ECB_FIRST_DAY },
    },
  });
  const seed = seedOptionsFrom(values);
  const requests = positiveInt(values.requests, '--requests');
  const concurrency = positiveInt(values.concurrency, '--concurrency');
  const batch = positiveInt(values.batch, '--batch');
  const dataDir = mkdtempSync(join(tmpdir(), 'reports-bench-data-'));
  const env = benchEnv(dataDir);
  const config = loadConfig({ envFile: null, env });

  let db: ThrowawayDatabase | undefined;
  let ds: DataSource | undefined;
  let app: AppProcess | undefined;
  try {
    db = await createThrowawayDatabase(config.database.url, 'reports_bench');
    ds = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
    await migrateUnderLock(ds);
    const seeded = await seedSynthetic(ds, db.url, config, seed, () => undefined);
    const rates = await seedEuroRates(ds, values['rates-from'], seed.end.toISOString().slice(0, 10), seed.seed);
    const vacuumStarted = performance.now();
    await ds.query('VACUUM ANALYZE');
    const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;

    const month = lastFullMonth(seed.end);
    const [busiest] = await ds.query(`SELECT w.slug FROM calls c JOIN workspaces w ON w.id = c.workspace_id GROUP BY w.slug ORDER BY count(*) DESC LIMIT 1`);
    await printData(ds, db, seed, month, seeded.seconds, vacuumSeconds);
    console.log(
      `      exchange_rates ${rates.rows.toLocaleString('en-US')} ECB rows: ${rates.currencies.join(', ')} on business days ${rates.from} to ${rates.to} (gaps up to ${rates.longestGapDays} days)`,
    );

    app = await startApp({ ...env, DATABASE_URL: db.url, MIGRATIONS_RUN: 'false' }, dataDir);
    await app.ready;
    const get = client(app.baseUrl, config.secrets.apiToken);
    const scenarios = scenariosFor(month, busiest.slug);
    const resolver = new ReportScopeResolver(ds, config, new SystemClock());
    const paths = await Promise.all(scenarios.map((s) => pathUsed(resolver, s)));

    for (let round = 0; round < WARMUP_ROUNDS; round++) for (const s of scenarios) await get(s.endpoint, s.query);
    const cpu = { app: app.cpuSeconds, pg: () => db?.serverCpuSeconds() ?? null };
    const results: Array<{ sequential: Latencies; concurrent: Latencies }> = [];
    for (const s of scenarios) {
      const sequential = await measure(() => get(s.endpoint, s.query), requests, 1, cpu);
      const concurrent = await measure(() => get(s.endpoint, s.query), requests, concurrency, cpu);
      results.push({ sequential, concurrent });
    }
    printLatencies(scenarios, paths, results, requests, concurrency);

    const routes = scenarios.map((s, i): CurrencyRoute => {
      const summary = s.endpoint === 'summary' && s.target;
      return { label: s.label, path: paths[i], others: summary ? ['EUR', 'MXN'] : ['EUR'], target: summary, request: (currency) => get(s.endpoint, { ...s.query, currency }) };
    });
    const appAndPg = () => ((a, p) => (a === null || p === null ? null : a + p))(cpu.app(), cpu.pg());
    printCurrencies(routes, await measureCurrencies(routes, requests, WARMUP_ROUNDS, appAndPg), requests);

    await exactness(ds, get, month);
    await freshnessAfterSync(ds, get, month, batch);
  } finally {
    await app?.stop().catch((err: unknown) => console.error(`could not stop the app: ${String(err)}`));
    await ds?.destroy().catch(() => undefined);
    await db?.drop().catch((err: unknown) => console.error(`could not drop ${db?.name}: ${String(err)}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function scenariosFor(month: Month, workspace: string): Scenario[] {
  const s = (label: string, endpoint: Scenario['endpoint'], query: Record<string, string>, target = false): Scenario => ({
    label,
    endpoint,
    query: { ...month, ...query },
    target,
  });
  return [
    s('summary, month', 'summary', {}, true),
    s(`summary, month, ${workspace}`, 'summary', { workspace }, true),
    s('timeseries day, month', 'timeseries', { bucket: 'day' }, true),
    s(`timeseries day, month, ${workspace}`, 'timeseries', { bucket: 'day', workspace }, true),
    s('workspaces, month', 'workspaces', {}),
    s('compare, month', 'compare', {}),
    s('agents, month', 'agents', {}),
    s('summary, tz=Europe/Madrid', 'summary', { tz: 'Europe/Madrid' }),
    s('summary, tz=Asia/Kolkata', 'summary', { tz: 'Asia/Kolkata' }),
    s('summary, direction=inbound', 'summary', { direction: 'inbound' }),
    s('calls, totalCost desc, page 1', 'calls', { sort: 'totalCost', order: 'desc' }),
  ];
}

/** Which source the service reads for this request, decided by the service's own rule. */
async function pathUsed(resolver: ReportScopeResolver, s: Scenario): Promise<string> {
  // The calls list and the agents report read the calls themselves (the rollups have no agent).
  if (s.endpoint === 'calls' || s.endpoint === 'agents') return 'raw';
  const scope = await resolver.resolve(s.query);
  return reportSource(scope, []).includes('call_hourly_rollups') ? 'rollups' : 'raw';
}

async function exactness(ds: DataSource, get: Get, month: Month): Promise<void> {
  console.log('\nexactness: summary totalCost for the month against a direct SUM over calls');
  for (const tz of ['UTC', 'Europe/Madrid']) {
    const summary = await get('summary', { ...month, tz });
    const direct = await directFigures(ds, month, tz);
    const ok = new Decimal(summary.totalCost).eq(direct.totalCost) && summary.calls === direct.calls;
    if (!ok) process.exitCode = 1;
    console.log(`  ${tz.padEnd(15)} API ${summary.totalCost} (${summary.calls} calls)  SQL ${direct.totalCost} (${direct.calls} calls)  ${ok ? 'OK' : 'MISMATCH'}`);
  }
  console.log("  converted at each UTC day's rate, against every call converted by itself (may differ by 1e-10 an amount):");
  for (const currency of ['EUR', 'MXN']) {
    const summary = await get('summary', { ...month, currency });
    const direct = await convertedFigures(ds, month.from, month.to, currency);
    const diff = new Decimal(summary.totalCost).minus(direct.totalCost);
    const ok = diff.abs().lte(new Decimal('1e-10').times(2 * direct.calls)) && summary.calls === direct.calls && summary.staleRates.length === 0;
    if (!ok) process.exitCode = 1;
    console.log(
      `  ${currency.padEnd(15)} API ${summary.totalCost} (${summary.calls} calls)  SQL ${direct.totalCost} (${direct.calls} calls)  diff ${diff.toFixed()}, ${summary.staleRates.length} stale rates  ${ok ? 'OK' : 'MISMATCH'}`,
    );
  }
}

/**
 * A sync batch rewrites Twilio costs of `batch` calls in one statement; the very next summary must
 * show it exactly. The same UPDATE with the rollup triggers disabled shows what the triggers cost;
 * it runs in a transaction that is rolled back (undoing the DISABLE too), so the rollups never miss it.
 */
async function freshnessAfterSync(ds: DataSource, get: Get, month: Month, batch: number): Promise<void> {
  const rng = new Prng(7);
  const timed = { triggers: [] as number[], disabled: [] as number[], trigger: [] as number[] };
  let fresh = 0;
  for (let round = 0; round < UPDATE_ROUNDS; round++) {
    for (const mode of ['triggers', 'disabled'] as const) {
      const sids: string[] = (
        await ds.query(
          `SELECT twilio_call_sid AS sid FROM calls WHERE started_at >= $1::date AND started_at < $2::date + 1
            AND twilio_call_sid IS NOT NULL ORDER BY md5(twilio_call_sid || $3) LIMIT $4`,
          [month.from, month.to, `${mode}${round}`, batch],
        )
      ).map((r: { sid: string }) => r.sid);
      const costs = sids.map(() => new Decimal(rng.int(1, 2_000_000)).div(1e7).toFixed());
      const runner = ds.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        if (mode === 'disabled') await runner.query('ALTER TABLE calls DISABLE TRIGGER USER');
        const started = performance.now();
        // EXPLAIN ANALYZE runs the UPDATE and reports the time spent in its AFTER triggers.
        const [
          {
            'QUERY PLAN': [plan],
          },
        ] = await runner.query(
          `EXPLAIN (ANALYZE, FORMAT JSON) UPDATE calls c SET twilio_cost = v.cost, twilio_price_final = true
             FROM unnest($1::text[], $2::numeric[]) AS v(sid, cost) WHERE c.twilio_call_sid = v.sid`,
          [sids, costs],
        );
        timed[mode].push(performance.now() - started);
        if (mode === 'triggers') timed.trigger.push((plan.Triggers ?? []).reduce((ms: number, t: { Time: number }) => ms + t.Time, 0));
        if (mode === 'disabled') await runner.rollbackTransaction();
        else await runner.commitTransaction();
      } finally {
        await runner.release();
      }
      if (mode === 'disabled') continue;
      const summary = await get('summary', month);
      const direct = await directFigures(ds, month, 'UTC');
      const exact = new Decimal(summary.totalCost).eq(direct.totalCost) && new Decimal(summary.twilioCost).eq(direct.twilioCost) && summary.unpricedCalls === direct.unpricedCalls;
      if (exact) fresh++;
      else console.log(`  round ${round + 1}: API ${summary.totalCost} / SQL ${direct.totalCost}: STALE`);
    }
  }
  const checkStarted = performance.now();
  const [{ differing }] = await ds.query(ROLLUPS_AGAINST_CALLS);
  const checkMs = performance.now() - checkStarted;
  if (fresh !== UPDATE_ROUNDS || Number(differing) !== 0) process.exitCode = 1;

  const ms = (xs: number[]) => ((s) => `median ${fmt(s[s.length >> 1])} ms (min ${fmt(s[0])}, max ${fmt(s[s.length - 1])})`)(xs.sort((a, b) => a - b));
  console.log(`\nafter a sync: UPDATE twilio_cost of ${batch.toLocaleString('en-US')} random calls of the month in one statement, ${UPDATE_ROUNDS} rounds`);
  console.log(`  UPDATE with rollup triggers      ${ms(timed.triggers)}`);
  console.log(`    of which in the rollup trigger ${ms(timed.trigger)}`);
  console.log(`  UPDATE with triggers disabled    ${ms(timed.disabled)}`);
  console.log(`  summary right after COMMIT       ${fresh}/${UPDATE_ROUNDS} exact (totalCost, twilioCost, unpricedCalls): ${fresh === UPDATE_ROUNDS ? 'OK' : 'STALE'}`);
  console.log(`  rollups = calls regrouped by hour ${Number(differing) === 0 ? 'OK' : `MISMATCH in ${differing} hours`} (checked every hour in ${fmt(checkMs)} ms)`);
}

const ROLLUP_FIGURES = ['calls', 'seconds', 'twilio_cost', 'elevenlabs_cost', 'elevenlabs_credits', 'unpriced_calls', 'estimated_calls'];
const figuresOf = (alias: string) => ROLLUP_FIGURES.map((c) => `COALESCE(${alias}.${c}, 0)`).join(', ');

/** Hours whose rollup row differs from the calls regrouped now; a row of zeros counts as no row. */
const ROLLUPS_AGAINST_CALLS = `
  WITH fresh AS (
    SELECT workspace_id, date_trunc('hour', started_at, 'UTC') AS hour, count(*) AS calls, sum(duration_seconds) AS seconds,
           sum(twilio_cost) AS twilio_cost, sum(elevenlabs_cost) AS elevenlabs_cost, sum(elevenlabs_credits) AS elevenlabs_credits,
           count(*) FILTER (WHERE twilio_synced_at IS NOT NULL AND NOT twilio_price_final) AS unpriced_calls,
           count(*) FILTER (WHERE elevenlabs_cost_estimated) AS estimated_calls
      FROM calls GROUP BY 1, 2)
  SELECT count(*) AS differing FROM fresh f FULL JOIN call_hourly_rollups r USING (workspace_id, hour)
   WHERE (${figuresOf('f')}) IS DISTINCT FROM (${figuresOf('r')})`;

/** The month's figures straight from `calls`, its instants worked out here from the dates and the zone. */
async function directFigures(ds: DataSource, month: Month, tz: string) {
  const [row] = await ds.query(
    `SELECT count(*)::int AS calls, COALESCE(sum(COALESCE(twilio_cost, 0) + COALESCE(elevenlabs_cost, 0)), 0)::text AS total,
            COALESCE(sum(twilio_cost), 0)::text AS twilio,
            (count(*) FILTER (WHERE twilio_synced_at IS NOT NULL AND NOT twilio_price_final))::int AS unpriced
       FROM calls WHERE started_at >= ($1::date)::timestamp AT TIME ZONE $3 AND started_at < ($2::date + 1)::timestamp AT TIME ZONE $3`,
    [month.from, month.to, tz],
  );
  return { calls: row.calls as number, totalCost: row.total as string, twilioCost: row.twilio as string, unpricedCalls: row.unpriced as number };
}

type CpuClocks = Record<'app' | 'pg', () => number | null>;

/**
 * Runs `total` requests, `workers` at a time, each timed with the monotonic clock. The CPU the app
 * and PostgreSQL spent per request is printed beside the latency: on a shared machine latency
 * includes waiting for a core, CPU time does not.
 */
async function measure(request: () => Promise<unknown>, total: number, workers: number, cpu: CpuClocks): Promise<Latencies> {
  const times: number[] = [];
  let issued = 0;
  const cpu0 = { app: cpu.app(), pg: cpu.pg() };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (issued < total) {
        issued++;
        const t0 = performance.now();
        await request();
        times.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const perRequest = (before: number | null, after: number | null) => (before === null || after === null ? null : ((after - before) * 1000) / total);
  const sorted = times.sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length, Math.ceil((p / 100) * sorted.length)) - 1];
  return {
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: sorted[sorted.length - 1],
    perSecond: total / seconds,
    appCpuMs: perRequest(cpu0.app, cpu.app()),
    pgCpuMs: perRequest(cpu0.pg, cpu.pg()),
  };
}

/** The few fields of a report the checks read. */
type ReportBody = { calls: number; totalCost: string; twilioCost: string; unpricedCalls: number; staleRates: unknown[] };

type Get = (endpoint: Scenario['endpoint'], query: Record<string, string>) => Promise<ReportBody>;

function client(baseUrl: string, token: string): Get {
  const headers = { authorization: `Bearer ${token}` };
  return async (endpoint, query) => {
    const res = await fetch(`${baseUrl}/api/reports/${endpoint}?${new URLSearchParams(query)}`, { headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${endpoint} ${JSON.stringify(query)}: ${res.status} ${body.slice(0, 200)}`);
    return JSON.parse(body);
  };
}

/** The calendar month before the one `end` falls in (UTC). */
function lastFullMonth(end: Date): Month {
  const first = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

async function printData(ds: DataSource, db: ThrowawayDatabase, seed: ReturnType<typeof seedOptionsFrom>, month: Month, seedSeconds: number, vacuumSeconds: number) {
  const [s] = await ds.query(
    `SELECT (SELECT count(*) FROM calls)::int AS calls, (SELECT min(started_at) FROM calls) AS first,
            (SELECT count(*) FROM calls WHERE started_at >= $1::date AND started_at < $2::date + 1)::int AS month_calls,
            (SELECT count(*) FROM call_hourly_rollups)::int AS rollups,
            pg_table_size('calls') AS heap, pg_indexes_size('calls') AS indexes,
            pg_total_relation_size('call_hourly_rollups') AS rollup_size, current_setting('server_version') AS version`,
    [month.from, month.to],
  );
  const n = (x: number) => x.toLocaleString('en-US');
  console.log(`bench:reports on ${db.where}, PostgreSQL ${s.version}; ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)}`);
  console.log(
    `data: ${n(s.calls)} calls in ${seed.workspaces} workspaces over ${seed.days} days (${new Date(s.first).toISOString().slice(0, 10)} to ${seed.end.toISOString().slice(0, 10)}), seeded in ${seedSeconds.toFixed(1)} s, VACUUM ANALYZE ${vacuumSeconds.toFixed(1)} s`,
  );
  console.log(`      calls heap ${mb(s.heap)} + indexes ${mb(s.indexes)}; call_hourly_rollups ${n(s.rollups)} rows, ${mb(s.rollup_size)}`);
  console.log(`month: ${month.from} to ${month.to}, ${n(s.month_calls)} calls (UTC)`);
}

function printLatencies(scenarios: Scenario[], paths: string[], results: Array<{ sequential: Latencies; concurrent: Latencies }>, requests: number, concurrency: number) {
  const cpuMs = (x: number | null) => (x === null ? 'n/a' : fmt(x)).padStart(6);
  const cols = (l: Latencies) => [l.p50, l.p95, l.p99, l.max].map((x) => fmt(x).padStart(7)).join('') + Math.round(l.perSecond).toString().padStart(7);
  const heads = (names: string) =>
    names
      .split(' ')
      .map((h) => h.padStart(7))
      .join('');
  console.log(`\nlatency in ms over HTTP, ${requests} requests per row (performance.now()); CPU ms per request of the app and PostgreSQL`);
  console.log(`${''.padEnd(38)}${''.padEnd(9)}| sequential${''.padEnd(26)}| CPU/request  | concurrency ${concurrency}`);
  console.log(
    `${'endpoint'.padEnd(38)}${'path'.padEnd(9)}|${heads('p50 p95 p99 max req/s')} |${'app'.padStart(6)}${'pg'.padStart(6)} |${heads('p50 p95 p99 max req/s')} | p95 < ${TARGET_P95_MS} ms`,
  );
  scenarios.forEach((s, i) => {
    const { sequential, concurrent } = results[i];
    const verdict = s.target ? (sequential.p95 < TARGET_P95_MS ? 'PASS' : 'FAIL') : '';
    console.log(`${s.label.padEnd(38)}${paths[i].padEnd(9)}|${cols(sequential)} |${cpuMs(sequential.appCpuMs)}${cpuMs(sequential.pgCpuMs)} |${cols(concurrent)} | ${verdict}`);
  });
  console.log(
    `load average after the runs ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (1, 5, 15 min) on ${cpus().length} CPUs`,
  );
}

/** utime + stime from /proc (fields 14 and 15, after the command name, which may hold spaces), at USER_HZ 100. */
const fmt = (ms: number) => ms.toFixed(1);
const mb = (bytes: string | number) => `${(Number(bytes) / 1024 / 1024).toFixed(0)} MB`;

function positiveInt(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error('bench:reports failed:', err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
