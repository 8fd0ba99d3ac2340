import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Named PostgreSQL advisory locks. Session-level locks live on one dedicated connection, so a
 * process that dies releases them with its connection: a crashed holder never blocks the next run.
 */
export const LOCKS = {
  migrations: 7_134_001,
  sync: 7_134_002,
  alerts: 7_134_003,
  exchangeRates: 7_134_004,
} as const;

export interface HeldLock {
  release(): Promise<void>;
}

export async function tryAdvisoryLock(ds: DataSource, key: number): Promise<HeldLock | null> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as Array<{ locked: boolean }>;
  if (!locked) {
    await runner.release();
    return null;
  }
  return heldOn(runner, key);
}

export async function waitAdvisoryLock(ds: DataSource, key: number): Promise<HeldLock> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  await runner.query('SELECT pg_advisory_lock($1)', [key]);
  return heldOn(runner, key);
}

function heldOn(runner: QueryRunner, key: number): HeldLock {
  return {
    async release() {
      try {
        await runner.query('SELECT pg_advisory_unlock($1)', [key]);
      } finally {
        await runner.release();
      }
    },
  };
}

/** Runs pending migrations under a lock, so replicas starting together do not race each other. */
export async function migrateUnderLock(ds: DataSource): Promise<string[]> {
  const lock = await waitAdvisoryLock(ds, LOCKS.migrations);
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.release();
  }
}
