import { z } from 'zod';

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
export const encryptionKey = z
  .string()
  .refine((v) => decodeKey(v) !== null, 'must be 32 bytes as 64 hex characters or base64 (openssl rand -base64 32)');

export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value)) {
    const buf = Buffer.from(value, 'base64');
    return buf.length === 32 ? buf : null;
  }
  return null;
}

const cron = z
  .string()
  .refine((v) => /^(\S+\s+){4,5}\S+$/.test(v.trim()), 'must be a cron expression with 5 or 6 fields');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: int(1, 65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),
  PUBLIC_URL: z.string().url().optional(),

  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: int(1, 100).default(10),
  EMBEDDED_PG_PORT: int(1, 65535).default(54329),
  MIGRATIONS_RUN: bool.default(true),

  ENCRYPTION_KEY: encryptionKey,
  API_TOKEN: z.string().min(24, 'must be at least 24 characters'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),

  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex characters').optional(),
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
  VENDOR_CONCURRENCY: int(1, 64).default(4),
  VENDOR_TIMEOUT_MS: int(1000, 300000).default(30000),
  VENDOR_MAX_RETRIES: int(0, 10).default(5),
  VENDOR_RETRY_BASE_MS: int(1, 60000).default(500),

  REPORT_TIMEZONE: z
    .string()
    .refine((tz) => isTimeZone(tz), 'must be an IANA time zone such as Europe/Madrid')
    .default('UTC'),

  ADMIN_ENABLED: bool.default(true),
  /** The first admin, created on a boot that finds no admin user; ignored afterwards. */
  ADMIN_EMAIL: z.string().email('must be an e-mail address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  ADMIN_LOCALE: z.enum(['es', 'en']).default('es'),

  // --- Slack (#6) ---
  /** Slack is on when a bot token is set; everything else in this block is then read. */
  SLACK_BOT_TOKEN: z.string().regex(/^xox[bp]-\S+$/, 'must be a bot token starting with xoxb-').optional(),
  /** Required with a bot token in HTTP mode (no SLACK_APP_TOKEN) in production: see AppConfig. */
  SLACK_SIGNING_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Set for Socket Mode (installs without a public URL). */
  SLACK_APP_TOKEN: z.string().regex(/^xapp-\S+$/, 'must be an app-level token starting with xapp-').optional(),
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  SLACK_LOCALE: z.enum(['es', 'en']).default('es'),
  SLACK_ALLOWED_USERS: z.string().regex(/^[A-Z0-9]+(\s*,\s*[A-Z0-9]+)*$/, 'must be comma-separated Slack user ids such as U012AB3CD').optional(),
  SLACK_ALLOWED_CHANNELS: z.string().regex(/^[A-Z0-9]+(\s*,\s*[A-Z0-9]+)*$/, 'must be comma-separated Slack channel ids such as C012AB3CD').optional(),
  SLACK_DIGEST_CHANNEL: z.string().min(1).optional(),
  SLACK_DIGEST_CRON: cron.default('0 8 * * 1'),
  ALERTS_ENABLED: bool.default(true),
  ALERTS_CRON: cron.default('0 * * * *'),
});

export type RawEnv = z.input<typeof envSchema>;
export type Env = z.output<typeof envSchema>;

/** Secrets that a non-production start may generate once and keep under DATA_DIR. */
export const GENERATED_SECRETS = ['ENCRYPTION_KEY', 'API_TOKEN', 'SESSION_SECRET', 'ADMIN_PASSWORD'] as const;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
