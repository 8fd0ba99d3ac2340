import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envSchema } from './env.schema.js';
import { ConfigError, loadConfig } from './load-config.js';

const good = () => ({
  NODE_ENV: 'production',
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  API_TOKEN: 'a'.repeat(32),
  SESSION_SECRET: 'b'.repeat(40),
  DATABASE_URL: 'postgres://app@db.internal:5432/simbiosia',
});

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig({ env, envFile: null });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('accepts a complete production configuration and applies defaults', () => {
    const config = loadConfig({ env: good(), envFile: null });
    expect(config.production).toBe(true);
    expect(config.http.port).toBe(3000);
    expect(config.secrets.encryptionKey).toHaveLength(32);
    expect(config.sync.cron).toBe('0 */12 * * *');
    expect(config.reporting.timezone).toBe('UTC');
    expect(config.reporting.currency).toBe('USD');
    expect(config.database).toMatchObject({ embedded: false, connectTimeoutMs: 10000 });
    expect(config.http.trustProxy).toBe(false);
    expect(config.exports).toEqual({ concurrency: 2, idleTimeoutMs: 30000 });
  });

  it('in production, no DATABASE_URL stops boot naming it unless the embedded database is asked for', () => {
    const { DATABASE_URL: _url, ...env } = good();
    expect(errorOf(env)).toMatch(/^Invalid configuration: DATABASE_URL is required in production .*EMBEDDED_DATABASE=true/);
    expect(loadConfig({ env: { ...env, EMBEDDED_DATABASE: 'true' }, envFile: null }).database).toMatchObject({ url: undefined, embedded: true });
    expect(loadConfig({ env: {}, envFile: null, onNotice: () => undefined }).database.embedded).toBe(true);
    expect(errorOf({ ...env, NODE_ENV: 'development', EMBEDDED_DATABASE: 'false' })).toBe('Invalid configuration: DATABASE_URL is required when EMBEDDED_DATABASE=false');
  });

  it('refuses as many export slots as pooled connections: downloads alone could hold the pool', () => {
    expect(errorOf({ ...good(), DATABASE_POOL_SIZE: '4', EXPORT_CONCURRENCY: '4' })).toMatch(
      /^Invalid configuration: EXPORT_CONCURRENCY \(4\) must be below DATABASE_POOL_SIZE \(4\)/,
    );
    expect(loadConfig({ env: { ...good(), DATABASE_POOL_SIZE: '4', EXPORT_CONCURRENCY: '3' }, envFile: null }).exports.concurrency).toBe(3);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', true],
    ['2', 2],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 192.168.1.1', '10.0.0.0/8,192.168.1.1'],
  ])('reads TRUST_PROXY=%s as Express does', (value, expected) => {
    expect(loadConfig({ env: { ...good(), TRUST_PROXY: value }, envFile: null }).http.trustProxy).toEqual(expected);
  });

  it.each([
    ['ENCRYPTION_KEY', 'not-a-key', /ENCRYPTION_KEY must be 32 bytes/],
    ['ENCRYPTION_KEY', randomBytes(16).toString('hex'), /ENCRYPTION_KEY must be 32 bytes/],
    ['API_TOKEN', 'short', /API_TOKEN must be at least 24 characters/],
    ['SESSION_SECRET', 'short', /SESSION_SECRET must be at least 32 characters/],
    ['PORT', 'eighty', /^Invalid configuration: PORT /],
    ['PORT', '70000', /^Invalid configuration: PORT /],
    ['DATABASE_URL', 'mysql://root@localhost/x', /DATABASE_URL must be a postgres/],
    ['DATABASE_URL', 'not a url', /^Invalid configuration: DATABASE_URL /],
    ['LOG_LEVEL', 'loud', /^Invalid configuration: LOG_LEVEL /],
    ['SYNC_CRON', 'every day', /SYNC_CRON must be a cron expression/],
    ['SYNC_ENABLED', 'maybe', /^Invalid configuration: SYNC_ENABLED /],
    ['REPORT_TIMEZONE', 'Mars/Olympus', /REPORT_TIMEZONE must be an IANA time zone/],
    ['REPORT_CURRENCY', 'EURO', /REPORT_CURRENCY must be an ISO 4217 currency code/],
    ['REPORT_CURRENCY', 'eur', /REPORT_CURRENCY must be an ISO 4217 currency code/],
    ['ELEVENLABS_USD_PER_CREDIT', '-1', /ELEVENLABS_USD_PER_CREDIT must be a non-negative decimal/],
    ['ELEVENLABS_COST_BASIS', 'guess', /^Invalid configuration: ELEVENLABS_COST_BASIS /],
    ['TWILIO_ACCOUNT_SID', 'AC123', /TWILIO_ACCOUNT_SID must look like AC/],
    ['TWILIO_API_BASE_URL', 'nowhere', /^Invalid configuration: TWILIO_API_BASE_URL /],
    ['TRUST_PROXY', 'everyone', /^Invalid configuration: TRUST_PROXY must be true, false/],
    ['EMBEDDED_DATABASE', 'perhaps', /^Invalid configuration: EMBEDDED_DATABASE /],
    ['EXPORT_CONCURRENCY', '0', /^Invalid configuration: EXPORT_CONCURRENCY /],
  ])('rejects a bad %s naming it', (name, value, message) => {
    const text = errorOf({ ...good(), [name]: value });
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
    expect(text).not.toContain(value.length > 8 ? value : '\u0000'); // the bad value is not echoed
  });

  it.each(['ENCRYPTION_KEY', 'API_TOKEN', 'SESSION_SECRET'])('in production, a missing %s stops boot', (name) => {
    const env: Record<string, string> = good();
    delete env[name];
    expect(errorOf(env)).toBe(`Invalid configuration: ${name} is required`);
  });

  it('counts an empty variable as unset', () => {
    expect(errorOf({ ...good(), API_TOKEN: '' })).toBe('Invalid configuration: API_TOKEN is required');
    const config = loadConfig({ env: { ...good(), PORT: '  ', EMBEDDED_DATABASE: '' }, envFile: null });
    expect(config.http.port).toBe(3000);
    expect(config.database.embedded).toBe(false);
  });

  it('reads a .env file, with the environment winning over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'PORT=4100\nREPORT_TIMEZONE=Europe/Madrid\n');
    const config = loadConfig({ env: { ...good(), PORT: '4200' }, envFile: file });
    expect(config.http.port).toBe(4200);
    expect(config.reporting.timezone).toBe('Europe/Madrid');
  });

  it('outside production generates missing secrets once, keeps them under DATA_DIR, and reuses them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const notices: string[] = [];
    const first = loadConfig({ env: { DATA_DIR: dir }, envFile: null, onNotice: (m) => notices.push(m) });
    const file = join(dir, 'secrets.json');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ env: { DATA_DIR: dir }, envFile: null, onNotice: (m) => notices.push(m) });
    expect(second.secrets.apiToken).toBe(first.secrets.apiToken);
    expect(second.secrets.encryptionKey.equals(first.secrets.encryptionKey)).toBe(true);
    expect(notices.filter((n) => n.includes('generated one'))).toHaveLength(4);
    // Notices name the secret and where it is kept, never its value.
    const kept = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    for (const n of notices) for (const value of Object.values(kept)) expect(n).not.toContain(value);
  });

  it('documents every setting in .env.example', () => {
    const example = readFileSync('.env.example', 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    for (const name of Object.keys(envSchema.shape)) expect(documented).toContain(name);
  });
});
