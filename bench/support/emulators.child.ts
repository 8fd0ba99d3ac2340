import { parseArgs } from 'node:util';
import { Decimal } from 'decimal.js';
import { type ElevenlabsDataset, type ElevenlabsTwilioCallLink, elevenlabsUsdAtCreditRate, generateElevenlabsDataset } from '../../test/emulators/elevenlabs/elevenlabs.dataset.js';
import { startElevenlabsEmulator } from '../../test/emulators/elevenlabs/elevenlabs.emulator.js';
import { generateTwilioDataset, summarizeCalls } from '../../test/emulators/twilio/twilio.dataset.js';
import { startTwilioEmulator, type TwilioEmulator } from '../../test/emulators/twilio/twilio.emulator.js';
import { isoDay, type EmulatedCall } from '../../test/emulators/twilio/twilio.store.js';
import { countTwilioRequests, type TwilioRequestCounts } from './twilio-requests.js';

/**
 * The vendor emulators for bench/sync, in a process of their own so that the bench process's CPU
 * and RSS are the sync's alone. Generates one deterministic data set (one Twilio account, five
 * numbers shared by two workspaces, each with its own ElevenLabs key), starts both emulators on
 * 127.0.0.1 and sends an `EmulatorsReady` message over IPC. Answers `usage` with its CPU time,
 * `requests` with the Twilio requests served so far by kind, `finalize` by pricing every unpriced leg;
 * `stop` (or the parent going away) ends it. `--late-prices`: 2% of the legs unpriced, all of them
 * older than 72 hours (the calls of the last three days are all priced).
 */

// The parent imports only this file's types: importing its code would run main() there too.
const TWILIO_AUTH_TOKEN = 'bench-twilio-auth-token-0001';
const USD_PER_CREDIT = '0.00003';
/** The data covers these many days, ending at the start of today (UTC). */
const DATASET_DAYS = 60;
const SEED = 'bench-sync';
/** Share of parent calls that reached an agent, and so have a conversation carrying their SID. */
const LINKED_PER_20 = 17;
const DAY_MS = 86_400_000;

export interface BenchWorkspace {
  slug: string;
  name: string;
  numbers: string[];
  apiKey: string;
  agentIds: string[];
}

/** Known answers, worked out from the data set with decimal.js. */
export interface BenchDatasetFacts {
  parentCalls: number;
  childLegs: number;
  unpricedLegs: number;
  conversations: number;
  /** Conversations carrying the SID of one of our Twilio parent calls. */
  linked: number;
  /** Rows `calls` should hold: parents, plus conversations that join none of them. */
  expectedRows: number;
  /** Σ what Twilio has priced so far, parents and child legs: the sum of `calls.twilio_cost`. */
  twilioCost: string;
  /** Σ cost_fiat where present, else credits × USD_PER_CREDIT: the sum of `calls.elevenlabs_cost`. */
  elevenlabsCost: string;
  windowStart: string;
  windowEnd: string;
}

export interface EmulatorsReady {
  type: 'ready';
  twilioUrl: string;
  elevenlabsUrl: string;
  accountSid: string;
  authToken: string;
  workspaces: BenchWorkspace[];
  /** The price of a credit the ElevenLabs costs assume (ELEVENLABS_USD_PER_CREDIT). */
  usdPerCredit: string;
  datasetDays: number;
  facts: BenchDatasetFacts;
  generateSeconds: number;
}

export interface EmulatorsUsage {
  type: 'usage';
  /** User + system CPU seconds since the child started. */
  cpuSeconds: number;
  rssBytes: number;
}

export interface EmulatorsRequests {
  type: 'requests';
  /** Twilio requests served since the start, by kind. */
  counts: TwilioRequestCounts;
}

/** Every leg priced at last: what Twilio bills from then on. Money as decimal strings. */
export interface EmulatorsFinalized {
  type: 'finalized';
  /** Legs that were still unpriced. */
  priced: number;
  /** Σ of every leg's price per workspace (slug), parents and child legs, as a cost. */
  billedByWorkspace: Record<string, string>;
  /** Σ of the account's daily `calls` Usage Records over the data set's days. */
  usageRecordsTotal: string;
}

export type ParentMessage = { type: 'usage' } | { type: 'requests' } | { type: 'finalize' } | { type: 'stop' };

const GROUPS = [
  { slug: 'north', name: 'North Clinics', numberCount: 3, agentIds: ['agent_north_sales', 'agent_north_support'] },
  { slug: 'south', name: 'South Dental', numberCount: 2, agentIds: ['agent_south'] },
];

async function main(): Promise<void> {
  if (!process.send) throw new Error('emulators.child must be started with an IPC channel (child_process.fork)');
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      calls: { type: 'string', default: '100000' },
      conversations: { type: 'string', default: '100000' },
      'late-prices': { type: 'boolean', default: false },
    },
  });
  const late = values['late-prices'];
  const callCount = Number(values.calls);
  const conversationCount = Number(values.conversations);

  const started = performance.now();
  const todayMs = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const yesterday = new Date(todayMs - DAY_MS).toISOString().slice(0, 10);
  const calls = generateTwilioDataset({
    seed: SEED,
    numbers: GROUPS.reduce((n, g) => n + g.numberCount, 0),
    calls: callCount,
    days: DATASET_DAYS,
    endDate: yesterday,
    unpricedShare: late ? 0.02 : 0.05,
    // Midnight three days ago is more than 72 h before any sync of this run.
    pricedFrom: late ? new Date(todayMs - 3 * DAY_MS) : undefined,
    childLegShare: 0.1,
  });

  const allNumbers = calls.numbers.map((n) => n.number);
  let offset = 0;
  const groups = GROUPS.map((g) => {
    const numbers = allNumbers.slice(offset, (offset += g.numberCount));
    return { ...g, numbers, parents: parentCallsOn(calls.calls, numbers) };
  });
  const totalParents = groups.reduce((n, g) => n + g.parents.length, 0);

  // Conversations are shared out in proportion to each workspace's calls; the last takes the rest.
  let left = conversationCount;
  const datasets: ElevenlabsDataset[] = [];
  let linkedTotal = 0;
  groups.forEach((g, i) => {
    const quota = i === groups.length - 1 ? left : Math.round((conversationCount * g.parents.length) / Math.max(1, totalParents));
    left -= quota;
    const links: ElevenlabsTwilioCallLink[] = g.parents
      .filter((_, k) => k % 20 < LINKED_PER_20)
      .slice(0, quota)
      .map((p) => ({
        callSid: p.sid,
        startTimeUnixSecs: Math.floor(p.startTime.getTime() / 1000),
        durationSecs: p.durationSeconds,
        direction: p.direction === 'inbound' ? 'inbound' : 'outbound',
        agentNumber: p.direction === 'inbound' ? p.to : p.from,
        externalNumber: p.direction === 'inbound' ? p.from : p.to,
      }));
    linkedTotal += links.length;
    datasets.push(
      generateElevenlabsDataset({
        seed: `${SEED}-${g.slug}`,
        agentIds: g.agentIds,
        conversations: quota,
        days: DATASET_DAYS,
        endDate: new Date(todayMs),
        withFiatShare: 0.6,
        // Of the conversations no Twilio call of ours carries: some phone (other SIDs, SIP), most web.
        phoneShare: 0.3,
        callSids: links,
      }),
    );
  });

  const workspaces: BenchWorkspace[] = groups.map((g) => ({
    slug: g.slug,
    name: g.name,
    numbers: g.numbers,
    apiKey: `xi-bench-key-${g.slug}-0123456789abcdef`,
    agentIds: g.agentIds,
  }));
  const facts: BenchDatasetFacts = {
    parentCalls: calls.totals.parentCalls,
    childLegs: calls.totals.childLegs,
    unpricedLegs: calls.totals.unpricedLegs,
    conversations: conversationCount,
    linked: linkedTotal,
    expectedRows: totalParents + conversationCount - linkedTotal,
    twilioCost: calls.totals.costSum,
    elevenlabsCost: datasets.reduce((sum, d) => sum.plus(elevenlabsUsdAtCreditRate(d.facts, USD_PER_CREDIT, true)), new Decimal(0)).toFixed(),
    windowStart: calls.window.start.toISOString(),
    windowEnd: calls.window.end.toISOString(),
  };

  const twilio = await startTwilioEmulator({ accounts: [{ sid: calls.accountSid, authToken: TWILIO_AUTH_TOKEN, calls: calls.calls }] });
  const elevenlabs = await startElevenlabsEmulator({
    keys: Object.fromEntries(workspaces.map((w, i) => [w.apiKey, datasets[i].conversations])),
    logRequests: false,
  });
  // Only the stores keep the data from here on; the generator's facts can go.
  datasets.length = 0;

  const stop = async () => {
    await Promise.allSettled([twilio.stop(), elevenlabs.stop()]);
    process.exit(0);
  };
  process.on('disconnect', () => void stop());
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') void stop();
    if (message.type === 'requests') process.send?.({ type: 'requests', counts: countTwilioRequests(twilio.requests) } satisfies EmulatorsRequests);
    if (message.type === 'finalize') process.send?.(finalize(twilio, calls.accountSid, workspaces, facts.windowStart));
    if (message.type === 'usage') {
      const cpu = process.cpuUsage();
      const usage: EmulatorsUsage = { type: 'usage', cpuSeconds: (cpu.user + cpu.system) / 1e6, rssBytes: process.memoryUsage().rss };
      process.send?.(usage);
    }
  });
  const ready: EmulatorsReady = {
    type: 'ready',
    twilioUrl: twilio.url,
    elevenlabsUrl: elevenlabs.url,
    accountSid: calls.accountSid,
    authToken: TWILIO_AUTH_TOKEN,
    workspaces,
    usdPerCredit: USD_PER_CREDIT,
    datasetDays: DATASET_DAYS,
    facts,
    generateSeconds: (performance.now() - started) / 1000,
  };
  process.send(ready);
}

function finalize(twilio: TwilioEmulator, accountSid: string, workspaces: BenchWorkspace[], windowStart: string): EmulatorsFinalized {
  const priced = twilio.finalizeAll(accountSid);
  const store = twilio.accounts.get(accountSid);
  if (!store) throw new Error(`no account ${accountSid}`);
  const billedByWorkspace = Object.fromEntries(
    workspaces.map((w) => [w.slug, w.numbers.reduce((t, number) => t.plus(summarizeCalls(store.calls, { number }).costSum), new Decimal(0)).toFixed()]),
  );
  let usage = new Decimal(0);
  for (let day = Date.parse(windowStart); day <= Date.now(); day += DAY_MS) usage = usage.plus(store.usageFor('calls', isoDay(new Date(day))).price);
  return { type: 'finalized', priced, billedByWorkspace, usageRecordsTotal: usage.toFixed() };
}

/** Parent calls placed to or from one of `numbers` (inbound by `to`, outbound by `from`). */
function parentCallsOn(all: readonly EmulatedCall[], numbers: string[]): EmulatedCall[] {
  const own = new Set(numbers);
  return all.filter((c) => !c.parentCallSid && own.has(c.direction === 'inbound' ? c.to : c.from));
}

main().catch((err: unknown) => {
  console.error('emulators.child failed:', err instanceof Error ? err.stack : err);
  process.exit(1);
});
