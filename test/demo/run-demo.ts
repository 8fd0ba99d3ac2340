import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { SyncRunView } from '../../src/sync/dto/sync-run.view.js';
import { EcbEmulator } from '../emulators/ecb/ecb.emulator.js';
import { startElevenlabsEmulator, type ElevenlabsEmulator } from '../emulators/elevenlabs/elevenlabs.emulator.js';
import { startTwilioEmulator, type TwilioEmulator } from '../emulators/twilio/twilio.emulator.js';
import { ApiError, apiClient, portOrFree, sleep, startApp, tail, waitForHealth, type DemoApp } from './demo-app.js';
import { DEMO_TWILIO_ACCOUNT_SID, DEMO_TWILIO_AUTH_TOKEN, generateDemoData, yesterdayUtc, type DemoWorkspaceData } from './demo-dataset.js';
import { ProgressPrinter, int, money, seconds, table } from './demo-report.js';
import { DEMO_WORKSPACES } from './demo-workspaces.js';

/**
 * `npm run demo`: the real app on its own embedded database, fed by the Twilio and ElevenLabs
 * emulators serving 90 days of made-up history for a few workspaces; syncs once and prints the figures
 * and where to look. Runs until Ctrl-C (or exits at once with --no-wait).
 */
const HISTORY_DAYS = 90;
// About the Pro plan's price ($99 for 500,000 credits); prices the conversations without cost_fiat.
const USD_PER_CREDIT = '0.0002';

type Summary = { calls: number; seconds: number; twilioCost: string; elevenlabsCost: string; totalCost: string; currency: string; unpricedCalls: number };

type Snapshot = {
  calls: number;
  minutes: string;
  twilioCost: string;
  elevenlabsCost: string;
  totalCost: string;
  currency: string;
  unpricedCalls: number;
  estimatedCalls: number;
};

const { values: args } = parseArgs({
  options: {
    'no-wait': { type: 'boolean', default: false },
    port: { type: 'string', default: '3000' },
    'pg-port': { type: 'string', default: '54339' },
  },
});
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = join(root, '.data', 'demo');
const out = process.stdout;
const say = (line = '') => out.write(`${line}\n`);

let app: DemoApp | undefined;
let twilio: TwilioEmulator | undefined;
let elevenlabs: ElevenlabsEmulator | undefined;
let ecb: EcbEmulator | undefined;
let stopping = false;

/** Stops what the demo started, the app first (it stops its embedded PostgreSQL), then exits. */
async function shutdown(code: number, reason?: string): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (reason) say(`\n${reason}`);
    if (app) say('Stopping the app and its embedded PostgreSQL…');
    await app?.stop().catch(() => undefined);
    await Promise.all([twilio?.stop(), elevenlabs?.stop(), ecb?.stop()]).catch(() => undefined);
    process.exit(code);
  }
  return new Promise<never>(() => undefined);
}

async function main(): Promise<void> {
  const started = Date.now();
  process.once('SIGINT', () => void shutdown(0, 'Ctrl-C received.'));
  process.once('SIGTERM', () => void shutdown(0, 'SIGTERM received.'));
  mkdirSync(dataDir, { recursive: true });

  const endDate = yesterdayUtc();
  say(`Simbiosia demo: ${DEMO_WORKSPACES.length} workspaces, ${HISTORY_DAYS} days of calls ending ${endDate.toISOString().slice(0, 10)} (UTC)\n`);
  const data = DEMO_WORKSPACES.map((w) => generateDemoData(w, { days: HISTORY_DAYS, endDate }));
  printGenerated(data);

  twilio = await startTwilioEmulator({
    accounts: [{ sid: DEMO_TWILIO_ACCOUNT_SID, authToken: DEMO_TWILIO_AUTH_TOKEN, calls: data.flatMap((d) => d.calls) }],
  });
  elevenlabs = await startElevenlabsEmulator({
    keys: Object.fromEntries(data.map((d) => [d.elevenlabsApiKey, d.conversations])),
    logRequests: false,
  });
  // The ECB's euro reference rates, served locally like the vendors: the demo never reaches the internet.
  ecb = new EcbEmulator(endDate.toISOString().slice(0, 10), '2000-01-03');
  await ecb.start();
  say(`\nTwilio emulator      ${twilio.url}`);
  say(`ElevenLabs emulator  ${elevenlabs.url}`);

  const port = await portOrFree(Number(args.port));
  const pgPort = await portOrFree(Number(args['pg-port']));
  if (port !== Number(args.port)) say(`Port ${args.port} is busy: the app listens on ${port} instead.`);
  if (pgPort !== Number(args['pg-port'])) say(`Port ${args['pg-port']} is busy: the embedded PostgreSQL uses ${pgPort} instead.`);
  app = startApp({
    root,
    dataDir,
    port,
    settings: {
      TWILIO_API_BASE_URL: twilio.url,
      ELEVENLABS_API_BASE_URL: elevenlabs.url,
      FX_RATES_URL: ecb.ratesUrl,
      TWILIO_ACCOUNT_SID: DEMO_TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: DEMO_TWILIO_AUTH_TOKEN,
      ELEVENLABS_USD_PER_CREDIT: USD_PER_CREDIT,
      SYNC_BACKFILL_DAYS: String(HISTORY_DAYS + 5),
      EMBEDDED_PG_PORT: String(pgPort),
      SYNC_ENABLED: 'false',
    },
  });
  say(`Starting the app (embedded PostgreSQL in ${rel(dataDir)}, log in ${rel(app.logFile)})…`);
  const bootStart = Date.now();
  await waitForHealth(app, 120_000);
  say(`App up at ${app.url} in ${seconds(Date.now() - bootStart)}\n`);

  const token = readToken();
  const api = apiClient(app.url, token);
  for (const d of data) say(`  workspace ${d.workspace.slug.padEnd(20)} ${await upsertWorkspace(api, d)}`);

  const syncStart = Date.now();
  const run = await startSync(api);
  say(`\nSync ${run.id} started; progress per workspace and source:`);
  const final = await followSync(api, run.id, new ProgressPrinter(out, Math.max(...data.map((d) => d.workspace.slug.length))));
  say(`Sync ${final.status} in ${seconds(Date.now() - syncStart)}\n`);

  await printSummary(api, data, new Date(endDate.getTime() - HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10));
  printWhereToLook(app.url, final.id, data[0].workspace.slug);
  say(`\nReady in ${seconds(Date.now() - started)}.`);

  const code = final.status === 'succeeded' ? 0 : 1;
  if (args['no-wait']) await shutdown(code);
  say('The app and both emulators keep running: press Ctrl-C to stop them.');
  app.child.once('exit', (c, signal) => void shutdown(1, `The app stopped on its own (${signal ?? `exit code ${c}`}); see ${rel(app!.logFile)}.`));
}

function printGenerated(data: DemoWorkspaceData[]): void {
  const rows = data.map(({ workspace: w, stats: s }) => [
    w.name,
    String(w.twilioPhoneNumbers.length),
    String(w.elevenlabsAgentIds.length),
    int(s.parentCalls),
    int(s.childLegs),
    int(s.unpricedLegs),
    int(s.conversations),
    int(s.widget),
    int(s.withCostFiat),
  ]);
  say('Generated history (what the emulators serve):');
  say(table(['Workspace', 'Numbers', 'Agents', 'Calls', 'Transfers', 'Unpriced legs', 'Conversations', 'Web widget', 'cost_fiat'], rows));
}

async function upsertWorkspace(api: ReturnType<typeof apiClient>, d: DemoWorkspaceData): Promise<string> {
  const body = {
    name: d.workspace.name,
    twilioPhoneNumbers: d.workspace.twilioPhoneNumbers,
    elevenlabsApiKey: d.elevenlabsApiKey,
    elevenlabsAgentIds: d.workspace.elevenlabsAgentIds,
    currency: d.workspace.currency,
    clientPricePerMinute: d.workspace.clientPricePerMinute,
  };
  try {
    await api('GET', `/api/workspaces/${d.workspace.slug}`);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    await api('POST', '/api/workspaces', { ...body, slug: d.workspace.slug });
    return 'created';
  }
  await api('PATCH', `/api/workspaces/${d.workspace.slug}`, { ...body, active: true });
  return 'already there: updated';
}

/** A new run, or the one already going (409 names it). */
async function startSync(api: ReturnType<typeof apiClient>): Promise<{ id: string }> {
  const answer = await api<{ id?: string; runId?: string }>('POST', '/api/sync', undefined, [202, 409]);
  const id = answer.id ?? answer.runId;
  if (!id) throw new Error('a sync is already running and its id is unknown; try again in a minute');
  return { id };
}

async function followSync(api: ReturnType<typeof apiClient>, id: string, progress: ProgressPrinter): Promise<SyncRunView> {
  for (;;) {
    const run = await api<SyncRunView>('GET', `/api/sync/runs/${id}`);
    progress.update(run);
    if (run.status !== 'running') return run;
    await sleep(500);
  }
}

async function printSummary(api: ReturnType<typeof apiClient>, data: DemoWorkspaceData[], from: string): Promise<void> {
  const rows: string[][] = [];
  for (const { workspace } of data) {
    const [latest] = await api<Snapshot[]>('GET', `/api/workspaces/${workspace.slug}/history?limit=1`);
    if (!latest) {
      rows.push([workspace.name, '-', '-', '-', '-', '-', '-']);
      continue;
    }
    // Each client in its own currency: the snapshot converts every call at its day's ECB rate.
    rows.push([
      workspace.name,
      int(latest.calls),
      int(latest.minutes),
      money(latest.twilioCost, latest.currency),
      money(latest.elevenlabsCost, latest.currency),
      money(latest.totalCost, latest.currency),
      int(latest.unpricedCalls),
    ]);
  }
  // Currencies are never added together: the total is the reports' own, in REPORT_CURRENCY.
  const all = await api<Summary>('GET', `/api/reports/summary?from=${from}&tz=UTC`);
  rows.push([
    'All workspaces',
    int(all.calls),
    int(Number(all.seconds) / 60),
    money(all.twilioCost, all.currency),
    money(all.elevenlabsCost, all.currency),
    money(all.totalCost, all.currency),
    int(all.unpricedCalls),
  ]);
  say(`What the app now reports (latest snapshot per workspace, last ${HISTORY_DAYS} days):`);
  say(table(['Workspace', 'Calls', 'Minutes', 'Twilio', 'ElevenLabs', 'Total', 'Unpriced'], rows));
  say('  (Calls: Twilio calls plus conversations without one, e.g. the web widget. Unpriced: calls Twilio has not priced yet.)');
}

function printWhereToLook(url: string, runId: string, slug: string): void {
  say('\nWhere to look:');
  say(`  Admin panel     ${url}/admin  (admin@simbiosia.local, ADMIN_PASSWORD in ${rel(join(dataDir, 'secrets.json'))})`);
  say(`  Health          ${url}/api/health`);
  say(`  Workspaces      ${url}/api/workspaces`);
  say(`  This sync       ${url}/api/sync/runs/${runId}`);
  say(`  History         ${url}/api/workspaces/${slug}/history`);
  say(`  API token       API_TOKEN in ${rel(join(dataDir, 'secrets.json'))} (every /api route but health needs it)`);
  say(`  App log         ${rel(join(dataDir, 'app.log'))}`);
  say('  Try:');
  // The token is read by the shell, never printed: a terminal's scrollback is a log too.
  const secrets = rel(join(dataDir, 'secrets.json'));
  say(`    curl -s -H "Authorization: Bearer $(node -p "require('./${secrets}').API_TOKEN")" '${url}/api/workspaces/${slug}/history?limit=1'`);
}

function readToken(): string {
  const file = join(dataDir, 'secrets.json');
  const token = (JSON.parse(readFileSync(file, 'utf8')) as { API_TOKEN?: string }).API_TOKEN;
  if (!token) throw new Error(`no API_TOKEN in ${file}`);
  return token;
}

function rel(path: string): string {
  return relative(process.cwd(), path) || '.';
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  void shutdown(1, `Demo failed: ${message}${app && !message.includes('\n') ? `\nLast lines of ${rel(app.logFile)}:\n${tail(app.logFile)}` : ''}`);
});
