import { MIGRATIONS } from '../../migrations/index.js';
import { migrateUnderLock } from '../../src/database/advisory-lock.js';
import { schemaDiff } from '../../src/database/schema-drift.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const tables = async (db: TestDatabase) =>
  (await db.ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map((r: { table_name: string }) => r.table_name);

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase({ empty: true })));
  afterAll(() => db.drop());

  it('apply on an empty database and leave no drift from the entities', async () => {
    expect(await tables(db)).toEqual([]);
    const applied = await migrateUnderLock(db.ds);
    expect(applied).toHaveLength(MIGRATIONS.length);
    expect(await tables(db)).toEqual(expect.arrayContaining(['admin_users', 'alert_events', 'alert_rules', 'calls', 'credit_rates', 'snapshots', 'sync_runs', 'workspaces']));
    // Generating a migration from the entities now would be empty.
    expect(await schemaDiff(db.ds)).toEqual({ up: [], down: [] });
  });

  it('a second run applies nothing, and two concurrent runs do not collide', async () => {
    const [a, b] = await Promise.all([migrateUnderLock(db.ds), migrateUnderLock(db.ds)]);
    expect([...a, ...b]).toEqual([]);
  });

  it('revert all the way down and up again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await db.ds.undoLastMigration({ transaction: 'each' });
    // TypeORM's own bookkeeping stays: the migrations table, and typeorm_metadata (generated-column
    // expressions), which TypeORM creates before every run or revert once the entities have one.
    expect(await tables(db)).toEqual(['migrations', 'typeorm_metadata']);
    expect(await db.ds.query('SELECT * FROM typeorm_metadata')).toEqual([]);
    const types = await db.ds.query(`SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname='public' AND t.typtype='e'`);
    expect(types).toEqual([]);
    await migrateUnderLock(db.ds);
    expect(await schemaDiff(db.ds)).toEqual({ up: [], down: [] });
  });
});
