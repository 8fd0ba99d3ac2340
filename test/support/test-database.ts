import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.options.js';
import { TEST_ADMIN_URL, TEST_RUN_PREFIX, TEST_TEMPLATE_DB, withDatabase } from '../setup/test-env.js';

export interface TestDatabase {
  url: string;
  name: string;
  /** An initialised TypeORM data source on this database. */
  ds: DataSource;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env[TEST_ADMIN_URL];
  if (!url) throw new Error('test global setup did not run (SB_TEST_ADMIN_URL is unset)');
  return url;
}

export async function onAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh database of this run: migrated (a clone of the template) unless `empty` is asked for. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `${process.env[TEST_RUN_PREFIX]}_${randomBytes(4).toString('hex')}`;
  const template = options.empty ? 'template0' : process.env[TEST_TEMPLATE_DB];
  await onAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = withDatabase(adminUrl(), name);
  const ds = await new DataSource(dataSourceOptions(url, 4)).initialize();
  return {
    url,
    name,
    ds,
    async drop() {
      if (ds.isInitialized) await ds.destroy();
      await onAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
