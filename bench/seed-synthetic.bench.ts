import { parseArgs } from 'node:util';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/load-config.js';
import { migrateUnderLock } from '../src/database/advisory-lock.js';
import { dataSourceOptions } from '../src/database/data-source.options.js';
import { resolveDatabase } from '../src/database/resolve-database.js';
import { SEED_ARGS, seedOptionsFrom, seedSynthetic } from '../src/seed/seed-synthetic.cli.js';
import { generateCalls, syntheticWorkspaces } from '../src/seed/synthetic-calls.js';

/**
 * npm run bench:seed [-- --calls N --workspaces N --days N --seed N --keep]
 * Seeds a throwaway database on DATABASE_URL's server (or the embedded one), prints the figures and
 * drops the database unless --keep.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { ...SEED_ARGS, keep: { type: 'boolean', default: false } } });
  const options = seedOptionsFrom(values);
  const config = loadConfig({ onNotice: (m) => console.error(m) });
  const db = await resolveDatabase(config, (m) => console.error(m));
  const name = `seed_bench_${Date.now().toString(36)}`;
  const url = new URL(db.url);
  url.pathname = `/${name}`;

  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  let ds: DataSource | undefined;
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    console.log(`database ${name} on ${url.host}`);
    ds = await new DataSource(dataSourceOptions(url.toString(), 2)).initialize();
    await migrateUnderLock(ds);

    const result = await seedSynthetic(ds, url.toString(), config, options, () => undefined);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const [sizes] = await ds.query(`SELECT pg_table_size('calls') AS heap, pg_indexes_size('calls') AS indexes, pg_database_size(current_database()) AS db`);

    const generated = performance.now();
    let count = 0;
    for (const _ of generateCalls({ ...options, workspaces: syntheticWorkspaces(options.workspaces, options.seed) })) count++;
    const generatorSeconds = (performance.now() - generated) / 1000;

    const row = (label: string, value: string) => console.log(`${label.padEnd(28)}${value}`);
    row('calls', `${result.rows.toLocaleString('en-US')} (${options.workspaces} workspaces, ${options.days} days)`);
    row('COPY data streamed', mb(result.bytes));
    row('seconds (COPY+index+ANALYZE)', result.seconds.toFixed(1));
    row('rows/s', Math.round(result.rows / result.seconds).toLocaleString('en-US'));
    row('peak RSS', mb(peakRss));
    row('calls heap / indexes', `${mb(Number(sizes.heap))} / ${mb(Number(sizes.indexes))}`);
    row('database size', mb(Number(sizes.db)));
    row('generator alone', `${generatorSeconds.toFixed(1)} s (${Math.round(count / generatorSeconds).toLocaleString('en-US')} rows/s)`);
  } finally {
    await ds?.destroy();
    if (values.keep) console.log(`kept ${url.toString().replace(/:[^:@/]*@/, ':***@')}`);
    else await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    await db.stop();
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

main().catch((err: unknown) => {
  console.error('bench:seed failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
