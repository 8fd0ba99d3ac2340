import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { SecretCipher } from '../common/secret-cipher.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { migrateUnderLock } from '../database/advisory-lock.js';
import { dataSourceOptions } from '../database/data-source.options.js';
import { resolveDatabase } from '../database/resolve-database.js';
import { CallStatus, ConversationState } from '../entities/index.js';
import { DEFAULT_CREDIT_RATE_MICROS, formatMicros, generateCalls, syntheticWorkspaces, type SyntheticCall, type SyntheticWorkspace } from './synthetic-calls.js';

const USAGE = `usage: npm run seed:synthetic -- --workspaces 20 --calls 1000000 --days 180 [--seed 42] [--end <ISO time>] [--truncate] [--help]

Creates workspaces synthetic-01… and streams their calls into DATABASE_URL (or the embedded PostgreSQL).
--truncate  first deletes the synthetic-NN workspaces with their calls and all that cascades from them
            (snapshots, alert rules, credit rates, ...); other workspaces and their calls are kept.
--end       last instant of the window (default: now); with --seed it makes a run reproducible.`;

export interface SeedOptions {
  workspaces: number;
  calls: number;
  days: number;
  seed: number;
  end: Date;
  truncate: boolean;
}

export interface SeedResult {
  rows: number;
  bytes: number;
  seconds: number;
}

const SYNTHETIC_SLUG = '^synthetic-[0-9]+$';
const ROWS_PER_CHUNK = 1000;
/** TRUNCATE refuses a table that another table references, even an empty one. */
const REFERENCING_CALLS = `SELECT 1 FROM pg_constraint WHERE confrelid = 'calls'::regclass LIMIT 1`;
const COLUMNS = [
  'workspace_id',
  'twilio_call_sid',
  'elevenlabs_conversation_id',
  'agent_id',
  'direction',
  'from_number',
  'to_number',
  'status',
  'started_at',
  'duration_seconds',
  'twilio_cost',
  'twilio_price_unit',
  'twilio_price_final',
  'elevenlabs_credits',
  'elevenlabs_cost',
  'elevenlabs_currency',
  'elevenlabs_cost_estimated',
  'termination_reason',
];

/**
 * Seeds a migrated database. Calls go through one COPY FROM STDIN fed by a generator that is only
 * pulled when the socket drains, so memory stays flat whatever `calls` is. The COPY and any index
 * rebuild share one transaction: a failed run adds no calls.
 */
export async function seedSynthetic(ds: DataSource, url: string, config: AppConfig, options: SeedOptions, log: (m: string) => void): Promise<SeedResult> {
  const specs = syntheticWorkspaces(options.workspaces, options.seed);
  await clearOrRefuse(ds, options.truncate, log);
  const ids = await upsertWorkspaces(ds, specs, new SecretCipher(config));
  await ensureGlobalCreditRate(ds, options, log);

  const started = performance.now();
  const client = new pg.Client({ connectionString: url, application_name: 'seed-synthetic' });
  await client.connect();
  let bytes = 0;
  try {
    await client.query('BEGIN');
    const bulk = await dropIndexesIfEmpty(client);
    log(bulk ? 'calls is empty: loading without its secondary indexes and foreign keys, then rebuilding them' : 'calls already has rows: loading through its indexes (slower)');
    const extras = await laterColumns(client, options.end, config.sync.pricePendingMaxHours);
    const columns = [...COLUMNS, ...extras.map(([name]) => name)].join(', ');
    const freeze = bulk?.freeze ? ', FREEZE' : '';
    const copy = client.query(copyFrom(`COPY calls (${columns}) FROM STDIN (FORMAT text${freeze})`));
    const calls = generateCalls({ ...options, workspaces: specs, creditRateMicros: DEFAULT_CREDIT_RATE_MICROS });
    const line = copyLine(
      ids,
      extras.map(([, value]) => value),
    );
    await pipeline(Readable.from(chunks(calls, line, options.calls, started, log, (n) => (bytes += n))), copy);
    log(`copied ${options.calls.toLocaleString('en-US')} calls in ${seconds(started)} s`);
    if (bulk) {
      await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      for (const statement of bulk.restore) await client.query(statement);
      log(`rebuilt ${bulk.restore.length} indexes and constraints by ${seconds(started)} s`);
    }
    await client.query('COMMIT');
    await client.query('ANALYZE calls');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  return { rows: options.calls, bytes, seconds: Number(seconds(started)) };
}

/**
 * Into an empty table, COPY then CREATE INDEX is about three times faster than COPY into indexes,
 * and dropping the foreign key saves a lookup per row. The definitions come from the catalog, so
 * whatever the migrations built is rebuilt as it was; all of it is inside the caller's transaction,
 * so a failure leaves the schema untouched. TRUNCATE (of an empty table) lets COPY write frozen rows,
 * so nothing needs vacuuming before index-only scans. Returns the statements that restore what was
 * dropped, or null when calls already has rows.
 */
async function dropIndexesIfEmpty(client: pg.Client): Promise<{ restore: string[]; freeze: boolean } | null> {
  const isEmpty = async () => (await client.query('SELECT 1 FROM calls LIMIT 1')).rowCount === 0;
  // Look before locking, so a run that appends does not shut readers out for its whole COPY.
  if (!(await isEmpty())) return null;
  await client.query('LOCK TABLE calls IN ACCESS EXCLUSIVE MODE');
  if (!(await isEmpty())) return null;
  const truncatable = (await client.query(REFERENCING_CALLS)).rowCount === 0;
  if (truncatable) await client.query('TRUNCATE calls');
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
     WHERE i.indrelid = 'calls'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
  );
  const { rows: foreignKeys } = await client.query<{ name: string; def: string }>(
    `SELECT quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = 'calls'::regclass AND contype = 'f'`,
  );
  for (const fk of foreignKeys) await client.query(`ALTER TABLE calls DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  const restore = [...indexes.map((i) => i.def), ...foreignKeys.map((fk) => `ALTER TABLE calls ADD CONSTRAINT ${fk.name} ${fk.def}`)];
  return { restore, freeze: truncatable };
}

function* chunks(
  calls: Iterable<SyntheticCall>,
  line: (c: SyntheticCall) => string,
  total: number,
  started: number,
  log: (m: string) => void,
  counted: (bytes: number) => void,
): Generator<string> {
  let lines: string[] = [];
  let done = 0;
  let nextReport = performance.now() + 2000;
  for (const call of calls) {
    lines.push(line(call));
    if (lines.length < ROWS_PER_CHUNK) continue;
    done += lines.length;
    const chunk = lines.join('');
    lines = [];
    counted(Buffer.byteLength(chunk));
    yield chunk;
    if (performance.now() >= nextReport) {
      nextReport += 2000;
      const pct = ((100 * done) / total).toFixed(1);
      log(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} calls (${pct}%), ${seconds(started)} s`);
    }
  }
  if (lines.length) {
    const chunk = lines.join('');
    counted(Buffer.byteLength(chunk));
    yield chunk;
  }
}

/** COPY text format. No generated value holds a tab, newline or backslash, so nothing needs escaping. */
function copyLine(ids: string[], extras: Array<(c: SyntheticCall) => string | null>): (c: SyntheticCall) => string {
  const timestamp = isoSeconds();
  const tail = (c: SyntheticCall) => (extras.length ? extras.map((value) => `\t${value(c) ?? '\\N'}`).join('') : '');
  return (c) =>
    `${ids[c.workspace]}\t${c.twilioCallSid ?? '\\N'}\t${c.elevenlabsConversationId ?? '\\N'}\t${c.agentId ?? '\\N'}\t${
      c.direction
    }\t${c.fromNumber ?? '\\N'}\t${c.toNumber ?? '\\N'}\t${c.status}\t${timestamp(c.startedAt)}\t${
      c.durationSeconds
    }\t${c.twilioCost ?? '\\N'}\t${c.twilioPriceUnit ?? '\\N'}\t${c.twilioPriceFinal ? 't' : 'f'}\t${c.elevenlabsCredits ?? '\\N'}\t${c.elevenlabsCost ?? '\\N'}\t${
      c.elevenlabsCurrency ?? '\\N'
    }\t${c.elevenlabsCostEstimated ? 't' : 'f'}\t${c.terminationReason ?? '\\N'}${tail(c)}\n`;
}

type LaterColumn = [name: string, value: (c: SyntheticCall) => string | null];

/** Columns that migrations after the first add; each is written when the database has it, left to its default otherwise. */
async function laterColumns(client: pg.Client, end: Date, pendingMaxHours: number): Promise<LaterColumn[]> {
  const syncedAt = end.toISOString();
  const overdueBefore = end.getTime() - pendingMaxHours * 3_600_000;
  const candidates: LaterColumn[] = [
    ['twilio_own_cost', (c) => c.twilioCost],
    ['twilio_price_overdue', (c) => (c.twilioCallSid && c.twilioCost === null && c.startedAt < overdueBefore ? 't' : 'f')],
    ['twilio_synced_at', (c) => (c.twilioCallSid ? syncedAt : null)],
    ['elevenlabs_cost_basis', (c) => c.elevenlabsCostBasis],
    ['elevenlabs_status', (c) => (c.elevenlabsConversationId ? (c.status === CallStatus.Completed ? ConversationState.Completed : ConversationState.Failed) : null)],
    ['elevenlabs_synced_at', (c) => (c.elevenlabsConversationId ? syncedAt : null)],
    ['elevenlabs_llm_credits', (c) => c.elevenlabsLlmCredits],
    ['elevenlabs_call_credits', (c) => c.elevenlabsCallCredits],
    ['elevenlabs_llm_cost_usd', (c) => c.elevenlabsLlmCostUsd],
  ];
  const { rows } = await client.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'calls'`,
  );
  const present = new Set(rows.map((r) => r.name));
  return candidates.filter(([name]) => present.has(name));
}

/** `2026-03-01T12:34:56Z` for whole-second epoch ms; calls come in time order, so the hour prefix is reused. */
function isoSeconds(): (ms: number) => string {
  const two = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
  let hour = NaN;
  let prefix = '';
  return (ms) => {
    const h = Math.floor(ms / 3_600_000);
    if (h !== hour) {
      hour = h;
      prefix = new Date(h * 3_600_000).toISOString().slice(0, 14);
    }
    const s = Math.floor((ms - h * 3_600_000) / 1000);
    return `${prefix}${two[Math.floor(s / 60)]}:${two[s % 60]}Z`;
  };
}

/** --truncate removes only synthetic workspaces; without it, existing synthetic calls stop the run. */
async function clearOrRefuse(ds: DataSource, truncate: boolean, log: (m: string) => void): Promise<void> {
  const rows: Array<{ id: string }> = await ds.query('SELECT id FROM workspaces WHERE slug ~ $1', [SYNTHETIC_SLUG]);
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return;
  if (!truncate) {
    const [{ found }] = await ds.query<Array<{ found: boolean }>>('SELECT EXISTS (SELECT 1 FROM calls WHERE workspace_id = ANY($1)) AS found', [ids]);
    if (found) throw new SeedError('synthetic calls already exist: pass --truncate to replace them');
    return;
  }
  await ds.transaction(async (m) => {
    const [{ others }] = await m.query<Array<{ others: boolean }>>('SELECT EXISTS (SELECT 1 FROM calls WHERE NOT workspace_id = ANY($1)) AS others', [ids]);
    // Deleting millions of rows one by one takes minutes; when every call is synthetic, TRUNCATE is instant.
    if (others || (await m.query<unknown[]>(REFERENCING_CALLS)).length > 0) await m.query('DELETE FROM calls WHERE workspace_id = ANY($1)', [ids]);
    else await m.query('TRUNCATE calls');
    await m.query('DELETE FROM workspaces WHERE id = ANY($1)', [ids]);
  });
  log(`removed ${ids.length} synthetic workspaces and their calls`);
}

async function upsertWorkspaces(ds: DataSource, specs: SyntheticWorkspace[], cipher: SecretCipher): Promise<string[]> {
  const ids: string[] = [];
  for (const w of specs) {
    const [{ id }] = await ds.query<Array<{ id: string }>>(
      // Inactive: their keys are made up, so a scheduled sync must not call the vendors with them.
      `INSERT INTO workspaces (name, slug, elevenlabs_api_key_encrypted, elevenlabs_agent_ids, twilio_phone_numbers,
         twilio_account_sid, twilio_auth_token_encrypted, currency, client_price_per_minute, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'USD', $8, false)
       ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name,
         elevenlabs_api_key_encrypted = EXCLUDED.elevenlabs_api_key_encrypted,
         elevenlabs_agent_ids = EXCLUDED.elevenlabs_agent_ids, twilio_phone_numbers = EXCLUDED.twilio_phone_numbers,
         twilio_account_sid = EXCLUDED.twilio_account_sid, twilio_auth_token_encrypted = EXCLUDED.twilio_auth_token_encrypted,
         currency = 'USD', client_price_per_minute = EXCLUDED.client_price_per_minute, updated_at = now()
       RETURNING id`,
      [w.name, w.slug, cipher.encrypt(w.elevenlabsApiKey), w.agentIds, w.phoneNumbers, w.twilioAccountSid, cipher.encryptOptional(w.twilioAuthToken), w.clientPricePerMinute],
    );
    ids.push(id);
  }
  return ids;
}

/** A global rate from the window's first day, unless one already applies: a real rate is never overridden. */
async function ensureGlobalCreditRate(ds: DataSource, options: SeedOptions, log: (m: string) => void): Promise<void> {
  const from = new Date(options.end.getTime() - options.days * 86_400_000).toISOString().slice(0, 10);
  const existing: Array<{ price: string }> = await ds.query(
    `SELECT price_per_credit AS price FROM credit_rates WHERE workspace_id IS NULL AND effective_from <= $1
     ORDER BY effective_from DESC LIMIT 1`,
    [from],
  );
  if (existing.length) {
    log(`keeping the existing global credit rate ${existing[0].price} (synthetic credit-rate costs assume ${formatMicros(DEFAULT_CREDIT_RATE_MICROS)})`);
    return;
  }
  await ds.query(
    `INSERT INTO credit_rates (workspace_id, effective_from, price_per_credit, currency) VALUES (NULL, $1, $2, 'USD')
     ON CONFLICT (effective_from) WHERE workspace_id IS NULL DO NOTHING`,
    [from, formatMicros(DEFAULT_CREDIT_RATE_MICROS)],
  );
}

export class SeedError extends Error {
  override readonly name = 'SeedError';
}

/** The options `parseArgs` reads; the bench adds its own to these. */
export const SEED_ARGS = {
  workspaces: { type: 'string', default: '20' },
  calls: { type: 'string', default: '1000000' },
  days: { type: 'string', default: '180' },
  seed: { type: 'string', default: '42' },
  end: { type: 'string' },
  truncate: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

export function seedOptionsFrom(values: ReturnType<typeof parseSeedArgs>, now = new Date()): SeedOptions {
  const end = values.end === undefined ? now : new Date(values.end);
  if (Number.isNaN(end.getTime())) throw new SeedError(`--end must be an ISO timestamp, got "${values.end}"`);
  return {
    workspaces: integerArg('workspaces', values.workspaces, 1, 999),
    calls: integerArg('calls', values.calls, 0, 1_000_000_000),
    days: integerArg('days', values.days, 1, 3650),
    seed: integerArg('seed', values.seed, 0, 2 ** 32 - 1),
    end,
    truncate: values.truncate,
  };
}

function parseSeedArgs(argv: string[]) {
  return parseArgs({ args: argv, options: SEED_ARGS }).values;
}

function integerArg(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SeedError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

async function main(): Promise<number> {
  const args = parseSeedArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const options = seedOptionsFrom(args);
  const config = loadConfig({ onNotice: (m) => console.error(m) });
  const db = await resolveDatabase(config, (m) => console.error(m));
  const ds = new DataSource(dataSourceOptions(db.url, 2));
  try {
    await ds.initialize();
    const applied = await migrateUnderLock(ds);
    if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);
    console.log(
      `seeding ${options.calls.toLocaleString('en-US')} calls for ${options.workspaces} workspaces over ${
        options.days
      } days up to ${options.end.toISOString()} (seed ${options.seed})`,
    );
    const result = await seedSynthetic(ds, db.url, config, options, (m) => console.log(m));
    const rate = Math.round(result.rows / result.seconds).toLocaleString('en-US');
    console.log(`done: ${result.rows} rows in ${result.seconds.toFixed(1)} s (${rate} rows/s)`);
    return 0;
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof ConfigError || err instanceof SeedError) console.error(err.message);
      else if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
        console.error(`${err.message}\n${USAGE}`);
      } else console.error(`seed:synthetic failed: ${describe(err)}`);
      process.exit(1);
    },
  );
}

/** One line for the operator; PostgreSQL's detail (say, which key was duplicated) when there is one. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const detail = 'detail' in err && typeof err.detail === 'string' && err.detail ? ` (${err.detail})` : '';
  return `${err.message}${detail}`;
}
