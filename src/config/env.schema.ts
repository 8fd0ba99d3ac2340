import { z } from 'zod';
import { isCurrencyCode } from '../common/input-rules.js';

/**
 * Every setting the product reads, with its default. `.env.example` documents the same list;
 * `env.schema.spec.ts` fails when the two drift apart.
 */

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal number such as 0.0001');

const postgresUrl = z
  .string()
  .url()
  .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL');

/** 32 bytes, given as 64 hex characters or as base64 (44 characters). */
export const encryptionKey = z.string().refine((v) => decodeKey(v) !== null, 'must be 32 bytes as 64 hex characters or base64 (openssl rand -base64 32)');

export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value)) {
    const buf = Buffer.from(value, 'base64');
    return buf.length === 32 ? buf : null;
  }
  return null;
}

const cron = z.string().refine((v) => /^(\S+\s+){4,5}\S+$/.test(v.trim()), 'must be a cron expression with 5 or 6 fields');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: int(1, 65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),
  PUBLIC_URL: z.string().url().optional(),
  /**
   * Which proxies in front may tell the client's address (X-Forwarded-For) and scheme: `false`
   * (none, the default), `true` (any), a hop count, or comma-separated addresses/subnets or
   * `loopback`/`linklocal`/`uniquelocal`, as Express's `trust proxy` takes them.
   */
  TRUST_PROXY: z
    .string()
    .refine((v) => trustProxyValue(v) !== undefined, 'must be true, false, a hop count, or comma-separated addresses or subnets')
    .optional(),

  DATABASE_URL: postgresUrl.optional(),
  /** Embedded PostgreSQL when DATABASE_URL is unset; default on outside production, off in it. */
  EMBEDDED_DATABASE: bool.optional(),
  /** How long boot waits for the database before it stops, naming DATABASE_URL. */
  DATABASE_CONNECT_TIMEOUT_MS: int(500, 60000).default(10000),
  DATABASE_POOL_SIZE: int(1, 100).default(10),
  EMBEDDED_PG_PORT: int(1, 65535).default(54329),
  MIGRATIONS_RUN: bool.default(true),

  ENCRYPTION_KEY: encryptionKey,
  API_TOKEN: z.string().min(24, 'must be at least 24 characters'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),

  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex characters')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TWILIO_API_BASE_URL: z.string().url().default('https://api.twilio.com'),
  ELEVENLABS_API_BASE_URL: z.string().url().default('https://api.elevenlabs.io'),
  ELEVENLABS_USD_PER_CREDIT: decimal.optional(),
  ELEVENLABS_USD_PER_MINUTE: decimal.default('0.10'),
  ELEVENLABS_COST_BASIS: z.enum(['vendor', 'credits']).default('vendor'),

  SYNC_ENABLED: bool.default(true),
  SYNC_CRON: cron.default('0 */12 * * *'),
  SYNC_BACKFILL_DAYS: int(1, 3650).default(90),
  SYNC_OVERLAP_MINUTES: int(0, 10080).default(60),
  SYNC_PRICE_PENDING_MAX_HOURS: int(1, 24 * 90).default(72),
  /** Requests a run may spend per vendor asking about older unpriced legs and unfinished conversations. */
  SYNC_REVISIT_MAX_REQUESTS: int(0, 1_000_000).default(5000),
  VENDOR_CONCURRENCY: int(1, 64).default(4),
  VENDOR_TIMEOUT_MS: int(1000, 300000).default(30000),
  VENDOR_MAX_RETRIES: int(0, 10).default(5),
  VENDOR_RETRY_BASE_MS: int(1, 60000).default(500),

  /**
   * The ECB's 90-day euro reference rates file; the first import reads `eurofxref-hist.xml` from the
   * same folder. `off` disables the import (tests without the ECB emulator, air-gapped installs).
   */
  FX_RATES_URL: z
    .string()
    .refine((v) => v === 'off' || /^https?:\/\/[^\s/]+/i.test(v), 'must be an http(s) URL or off')
    .refine((v) => v === 'off' || URL.canParse(v), 'must be an http(s) URL or off')
    .default('https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml'),

  /** Downloads (export.xlsx, export.csv) served at once, API and panel together; 429 past it. */
  EXPORT_CONCURRENCY: int(1, 64).default(2),
  /** A download whose client reads nothing for this long is dropped, freeing its connection. */
  EXPORT_IDLE_TIMEOUT_MS: int(1000, 600000).default(30000),

  REPORT_TIMEZONE: z
    .string()
    .refine((tz) => isTimeZone(tz), 'must be an IANA time zone such as Europe/Madrid')
    .default('UTC'),

  /** The currency reports answer in when a request names none (ISO 4217); amounts are converted at the ECB rates. */
  REPORT_CURRENCY: z
    .string()
    .refine((c) => isCurrencyCode(c), 'must be an ISO 4217 currency code in capitals, such as USD or EUR')
    .default('USD'),

  ADMIN_ENABLED: bool.default(true),
  /** The first admin, created on a boot that finds no admin user; ignored afterwards. */
  ADMIN_EMAIL: z.string().email('must be an e-mail address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  ADMIN_LOCALE: z.enum(['es', 'en']).default('es'),

  // --- Slack (#6) ---
  /** Slack is on when a bot token is set; everything else in this block is then read. */
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xox[bp]-\S+$/, 'must be a bot token starting with xoxb-')
    .optional(),
  /** Required with a bot token in HTTP mode (no SLACK_APP_TOKEN) in production: see AppConfig. */
  SLACK_SIGNING_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Set for Socket Mode (installs without a public URL). */
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-\S+$/, 'must be an app-level token starting with xapp-')
    .optional(),
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  SLACK_LOCALE: z.enum(['es', 'en']).default('es'),
  SLACK_ALLOWED_USERS: z
    .string()
    .regex(/^[A-Z0-9]+(\s*,\s*[A-Z0-9]+)*$/, 'must be comma-separated Slack user ids such as U012AB3CD')
    .optional(),
  SLACK_ALLOWED_CHANNELS: z
    .string()
    .regex(/^[A-Z0-9]+(\s*,\s*[A-Z0-9]+)*$/, 'must be comma-separated Slack channel ids such as C012AB3CD')
    .optional(),
  SLACK_DIGEST_CHANNEL: z.string().min(1).optional(),
  SLACK_DIGEST_CRON: cron.default('0 8 * * 1'),
  ALERTS_ENABLED: bool.default(true),
  ALERTS_CRON: cron.default('0 * * * *'),
});

export type RawEnv = z.input<typeof envSchema>;
export type Env = z.output<typeof envSchema>;

/** Secrets that a non-production start may generate once and keep under DATA_DIR. */
export const GENERATED_SECRETS = ['ENCRYPTION_KEY', 'API_TOKEN', 'SESSION_SECRET', 'ADMIN_PASSWORD'] as const;

/** TRUST_PROXY as Express's `trust proxy` value, or undefined when malformed. */
export function trustProxyValue(raw: string): boolean | number | string | undefined {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const parts = v.split(',').map((p) => p.trim());
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  const address = /^([0-9.]+|[0-9a-f:]+)(\/\d{1,3})?$/;
  return parts.every((p) => named.has(p) || address.test(p)) ? parts.join(',') : undefined;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
