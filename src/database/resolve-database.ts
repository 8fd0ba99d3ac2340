import type { AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR. */
export async function resolveDatabase(config: AppConfig, log: (m: string) => void): Promise<DatabaseHandle> {
  if (config.database.url) {
    return { url: config.database.url, embedded: false, stop: async () => undefined };
  }
  log(`DATABASE_URL is not set: starting the embedded PostgreSQL on 127.0.0.1:${config.database.embeddedPort}`);
  const db = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort, log });
  return { url: db.url, embedded: true, stop: db.stop };
}
