import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { AppConfig } from './app-config.js';
import { decodeKey, envSchema, GENERATED_SECRETS } from './env.schema.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface LoadConfigOptions {
  /** Variables to read; the process environment by default. */
  env?: NodeJS.ProcessEnv;
  /** A dotenv file whose values apply where `env` has none; `.env` by default, `null` for none. */
  envFile?: string | null;
  /** Told which secrets were generated or reused (names only, never values). */
  onNotice?: (message: string) => void;
}

/**
 * The only reader of the environment. Validates every setting once; on the first bad one throws a
 * ConfigError whose one-line message names each offending variable and what is wrong with it.
 */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const fromFile = options.envFile === null ? {} : readEnvFile(options.envFile ?? '.env');
  const merged = withoutEmpty({ ...fromFile, ...(options.env ?? process.env) });

  if (merged.NODE_ENV !== 'production') {
    fillDevelopmentSecrets(merged, options.onNotice ?? (() => undefined));
  }

  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'configuration');
      const missing = merged[name] === undefined;
      return `${name} ${missing ? 'is required' : issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const key = decodeKey(parsed.data.ENCRYPTION_KEY);
  if (!key) throw new ConfigError('Invalid configuration: ENCRYPTION_KEY must be 32 bytes');
  return new AppConfig(parsed.data, key);
}

function readEnvFile(path: string): Record<string, string> {
  return existsSync(path) ? parseDotenv(readFileSync(path)) : {};
}

/** An empty variable counts as unset. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') out[name] = value;
  }
  return out;
}

/**
 * Outside production a bare start needs no settings: each missing secret is generated once and kept
 * in DATA_DIR/secrets.json (mode 0600) so encrypted rows stay readable across restarts.
 */
function fillDevelopmentSecrets(env: Record<string, string | undefined>, notice: (m: string) => void): void {
  const missing = GENERATED_SECRETS.filter((name) => env[name] === undefined);
  if (missing.length === 0) return;
  const dir = env.DATA_DIR ?? '.data';
  const file = join(dir, 'secrets.json');
  const kept = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Record<string, string>;
  let changed = false;
  for (const name of missing) {
    if (!kept[name]) {
      kept[name] = name === 'ENCRYPTION_KEY' ? randomBytes(32).toString('base64') : randomBytes(32).toString('base64url');
      changed = true;
      notice(`${name} is not set: generated one and kept it in ${file} (development only)`);
    } else {
      notice(`${name} is not set: using the one generated earlier in ${file} (development only)`);
    }
    env[name] = kept[name];
  }
  if (changed) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(kept, null, 2) + '\n', { mode: 0o600 });
  }
}
