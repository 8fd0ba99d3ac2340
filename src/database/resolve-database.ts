import type { AppConfig } from '../config/app-config.js';
import { probeDatabase } from './database-probe.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set, checked reachable within DATABASE_CONNECT_TIMEOUT_MS (a DatabaseUnreachableError
 * naming it otherwise); else the embedded PostgreSQL under DATA_DIR, only when EMBEDDED_DATABASE allows
 * it (the default outside production; production must ask, as a container loses that data on restart).
 */
export async function resolveDatabase(config: AppConfig, log: (m: string) => void): Promise<DatabaseHandle> {
  const { url, embeddedPort, connectTimeoutMs } = config.database;
  if (url) {
    await probeDatabase(url, connectTimeoutMs);
    return { url, embedded: false, stop: () => Promise.resolve() };
  }
  // No url means `embedded` is true: AppConfig refuses the other combination at load.
  const why = config.production ? 'EMBEDDED_DATABASE=true and no DATABASE_URL' : 'DATABASE_URL is not set';
  log(
    `${why}: starting the embedded PostgreSQL on 127.0.0.1:${embeddedPort}, its data in ${config.dataDir}/pg${config.production ? ' (keep that folder on a persistent volume)' : ''}`,
  );
  const db = await startEmbeddedPostgres({ dataDir: config.dataDir, port: embeddedPort, log });
  return { url: db.url, embedded: true, stop: db.stop };
}
