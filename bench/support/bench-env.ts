import { randomBytes } from 'node:crypto';

/**
 * The settings a bench's app runs with: production mode and fresh secrets of its own. Only
 * DATABASE_URL is taken from the environment. No scheduled sync and no panel: neither is what the
 * benches measure (bench:admin turns the panel on).
 */
export function benchEnv(dataDir: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    DATABASE_URL: process.env.DATABASE_URL,
    // Production mode asks for the embedded database by name.
    EMBEDDED_DATABASE: process.env.DATABASE_URL ? undefined : 'true',
    NODE_ENV: 'production',
    // No line per request: the figures are the app's, not the log writer's.
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    API_TOKEN: randomBytes(24).toString('base64url'),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    SYNC_ENABLED: 'false',
    // Benchmarks never reach ecb.europa.eu: a network fetch would time the internet, not the app.
    FX_RATES_URL: 'off',
    ADMIN_ENABLED: 'false',
    REPORT_TIMEZONE: 'UTC',
    ...extra,
  };
}
