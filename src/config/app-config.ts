import { type Env, trustProxyValue } from './env.schema.js';
import { ConfigError } from './load-config.js';

/** The validated, typed configuration. Injected by its class as the token; built only by `loadConfig`. */
export class AppConfig {
  readonly production: boolean;
  readonly http: {
    host: string;
    port: number;
    publicUrl: string;
    /** Express's `trust proxy`: who may tell the client's address and scheme. */
    trustProxy: boolean | number | string;
  };
  readonly logLevel: Env['LOG_LEVEL'];
  readonly dataDir: string;
  readonly database: {
    url?: string;
    /** Start the embedded PostgreSQL when `url` is unset (never implied in production). */
    embedded: boolean;
    connectTimeoutMs: number;
    poolSize: number;
    embeddedPort: number;
    runMigrations: boolean;
  };
  readonly exports: { concurrency: number; idleTimeoutMs: number };
  readonly secrets: { encryptionKey: Buffer; apiToken: string; sessionSecret: string };
  readonly twilio: { accountSid?: string; authToken?: string; baseUrl: string };
  readonly elevenlabs: { baseUrl: string; usdPerCredit?: string; usdPerMinute: string; costBasis: Env['ELEVENLABS_COST_BASIS'] };
  readonly sync: {
    enabled: boolean;
    cron: string;
    backfillDays: number;
    overlapMinutes: number;
    pricePendingMaxHours: number;
    revisitMaxRequests: number;
  };
  readonly vendor: { concurrency: number; timeoutMs: number; maxRetries: number; retryBaseMs: number };
  readonly reporting: { timezone: string; currency: string };
  /** `ratesUrl` null: the ECB import is off (FX_RATES_URL=off). */
  readonly exchangeRates: { ratesUrl: string | null };
  readonly admin: { enabled: boolean; email?: string; password?: string; locale: Env['ADMIN_LOCALE'] };
  readonly slack: {
    /** A bot token is set: alerts and the digest post, and /costs answers. */
    enabled: boolean;
    botToken?: string;
    signingSecret?: string;
    /** Socket Mode when set; else HTTP mode on /slack/events. */
    appToken?: string;
    apiUrl: string;
    locale: Env['SLACK_LOCALE'];
    allowedUsers: string[];
    allowedChannels: string[];
    digestChannel?: string;
    digestCron: string;
  };
  readonly alerts: { enabled: boolean; cron: string };

  constructor(env: Env, encryptionKey: Buffer) {
    this.production = env.NODE_ENV === 'production';
    this.http = {
      host: env.HOST,
      port: env.PORT,
      publicUrl: env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`,
      trustProxy: env.TRUST_PROXY === undefined ? false : trustProxyValue(env.TRUST_PROXY)!,
    };
    this.logLevel = env.LOG_LEVEL;
    this.dataDir = env.DATA_DIR;
    this.database = {
      url: env.DATABASE_URL,
      embedded: env.EMBEDDED_DATABASE ?? !this.production,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      poolSize: env.DATABASE_POOL_SIZE,
      embeddedPort: env.EMBEDDED_PG_PORT,
      runMigrations: env.MIGRATIONS_RUN,
    };
    // A container loses an embedded database on its next restart: production must choose one.
    if (!this.database.url && !this.database.embedded) {
      throw new ConfigError(
        this.production
          ? 'Invalid configuration: DATABASE_URL is required in production (or set EMBEDDED_DATABASE=true to keep data in DATA_DIR/pg)'
          : 'Invalid configuration: DATABASE_URL is required when EMBEDDED_DATABASE=false',
      );
    }
    this.exports = { concurrency: env.EXPORT_CONCURRENCY, idleTimeoutMs: env.EXPORT_IDLE_TIMEOUT_MS };
    // Each download holds a pooled connection while its client reads: downloads alone must not fill the pool.
    if (this.exports.concurrency >= this.database.poolSize) {
      throw new ConfigError(
        `Invalid configuration: EXPORT_CONCURRENCY (${this.exports.concurrency}) must be below DATABASE_POOL_SIZE (${this.database.poolSize}), or downloads can hold every connection`,
      );
    }
    this.secrets = { encryptionKey, apiToken: env.API_TOKEN, sessionSecret: env.SESSION_SECRET };
    this.twilio = { accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, baseUrl: env.TWILIO_API_BASE_URL };
    this.elevenlabs = {
      baseUrl: env.ELEVENLABS_API_BASE_URL,
      usdPerCredit: env.ELEVENLABS_USD_PER_CREDIT,
      usdPerMinute: env.ELEVENLABS_USD_PER_MINUTE,
      costBasis: env.ELEVENLABS_COST_BASIS,
    };
    this.sync = {
      enabled: env.SYNC_ENABLED,
      cron: env.SYNC_CRON,
      backfillDays: env.SYNC_BACKFILL_DAYS,
      overlapMinutes: env.SYNC_OVERLAP_MINUTES,
      pricePendingMaxHours: env.SYNC_PRICE_PENDING_MAX_HOURS,
      revisitMaxRequests: env.SYNC_REVISIT_MAX_REQUESTS,
    };
    this.vendor = {
      concurrency: env.VENDOR_CONCURRENCY,
      timeoutMs: env.VENDOR_TIMEOUT_MS,
      maxRetries: env.VENDOR_MAX_RETRIES,
      retryBaseMs: env.VENDOR_RETRY_BASE_MS,
    };
    this.reporting = { timezone: env.REPORT_TIMEZONE, currency: env.REPORT_CURRENCY };
    this.exchangeRates = { ratesUrl: env.FX_RATES_URL === 'off' ? null : env.FX_RATES_URL };
    this.admin = { enabled: env.ADMIN_ENABLED, email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, locale: env.ADMIN_LOCALE };
    const ids = (list?: string) =>
      list
        ? list
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean)
        : [];
    this.slack = {
      enabled: env.SLACK_BOT_TOKEN !== undefined,
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`,
      locale: env.SLACK_LOCALE,
      allowedUsers: ids(env.SLACK_ALLOWED_USERS),
      allowedChannels: ids(env.SLACK_ALLOWED_CHANNELS),
      digestChannel: env.SLACK_DIGEST_CHANNEL,
      digestCron: env.SLACK_DIGEST_CRON,
    };
    // A feature's secret is required only when the feature is on: Slack in HTTP mode must verify requests.
    if (this.production && this.slack.enabled && !this.slack.appToken && !this.slack.signingSecret) {
      throw new ConfigError('Invalid configuration: SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set (HTTP mode; or set SLACK_APP_TOKEN for Socket Mode)');
    }
    this.alerts = { enabled: env.ALERTS_ENABLED, cron: env.ALERTS_CRON };
  }
}
