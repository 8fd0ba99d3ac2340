import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';

/** A complete, valid configuration for tests, built through the real loader; `.env` files are ignored. */
export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({
    envFile: null,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'simbiosia-data-')),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      API_TOKEN: randomBytes(24).toString('base64url'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      SYNC_ENABLED: 'false',
      // Tests never reach ecb.europa.eu: the rate import is off unless a test points it at the ECB emulator.
      FX_RATES_URL: 'off',
      ...overrides,
    },
  });
}
