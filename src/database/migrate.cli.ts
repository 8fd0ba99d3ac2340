import { readFileSync, writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { migrateUnderLock } from './advisory-lock.js';
import { dataSourceOptions } from './data-source.options.js';
import { resolveDatabase } from './resolve-database.js';
import { migrationSource, schemaDiff } from './schema-drift.js';

/**
 * npm run migration:run | migration:revert | migration:generate -- <Name>
 * Uses DATABASE_URL, or the embedded PostgreSQL when it is not set.
 */
async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig({ onNotice: (m) => console.error(m) });
  const db = await resolveDatabase(config, (m) => console.error(m));
  const ds = new DataSource(dataSourceOptions(db.url, 2));
  await ds.initialize();
  try {
    switch (command) {
      case 'up': {
        const applied = await migrateUnderLock(ds);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
        return 0;
      }
      case 'down':
        await ds.undoLastMigration({ transaction: 'each' });
        console.log('reverted the last migration');
        return 0;
      case 'generate': {
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
          console.error('usage: npm run migration:generate -- <PascalCaseName>');
          return 2;
        }
        await migrateUnderLock(ds);
        const diff = await schemaDiff(ds);
        if (diff.up.length === 0) {
          console.log('the entities match the migrations: nothing to generate');
          return 0;
        }
        const timestamp = Date.now();
        const file = `migrations/${timestamp}-${name}.ts`;
        writeFileSync(file, migrationSource(name, timestamp, diff));
        registerMigration(`${timestamp}-${name}`, `${name}${timestamp}`);
        console.log(`wrote ${file} and listed ${name}${timestamp} in migrations/index.ts`);
        return 0;
      }
      default:
        console.error('usage: migrate.cli.js up | down | generate <Name>');
        return 2;
    }
  } finally {
    await ds.destroy();
    await db.stop();
  }
}

/** Appends the new class to migrations/index.ts, so it cannot be forgotten. */
function registerMigration(file: string, className: string): void {
  const index = 'migrations/index.ts';
  const source = readFileSync(index, 'utf8')
    .replace(/(import type \{ MigrationInterface \} from 'typeorm';\n(?:import .*\n)*)/, `$1import { ${className} } from './${file}.js';\n`)
    .replace(/= \[(.*)\];/, (_, list: string) => `= [${list ? `${list}, ` : ''}${className}];`);
  writeFileSync(index, source);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
