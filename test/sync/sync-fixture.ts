import { Decimal } from 'decimal.js';
import { type ElevenlabsConversationFacts, type ElevenlabsDataset, generateElevenlabsDataset } from '../emulators/elevenlabs/elevenlabs.dataset.js';
import { type ElevenlabsEmulator, startElevenlabsEmulator } from '../emulators/elevenlabs/elevenlabs.emulator.js';
import { generateTwilioDataset, type TwilioDataset } from '../emulators/twilio/twilio.dataset.js';
import { type TwilioEmulator, startTwilioEmulator } from '../emulators/twilio/twilio.emulator.js';
import type { EmulatedCall } from '../emulators/twilio/twilio.store.js';

export const TWILIO_TOKEN = 'emulated-twilio-auth-token-0001';
export const USD_PER_CREDIT = '0.00003';

export interface FixtureWorkspace {
  slug: string;
  numbers: string[];
  apiKey: string;
  agentIds: string[];
  conversations: ElevenlabsDataset;
}

/** Two workspaces on one Twilio account, each with its own ElevenLabs key, and known answers. */
export interface SyncFixture {
  twilio: TwilioEmulator;
  elevenlabs: ElevenlabsEmulator;
  calls: TwilioDataset;
  workspaces: FixtureWorkspace[];
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startSyncFixture(options: { calls?: number; conversations?: number; seed?: number } = {}): Promise<SyncFixture> {
  const seed = options.seed ?? 11;
  const yesterday = new Date(Date.now() - 86_400_000);
  const calls = generateTwilioDataset({
    seed,
    numbers: 3,
    calls: options.calls ?? 400,
    days: 30,
    endDate: yesterday.toISOString().slice(0, 10),
    unpricedShare: 0.08,
    childLegShare: 0.1,
  });
  const numbers = calls.numbers.map((n) => n.number);
  const groups = [
    { slug: 'acme', numbers: numbers.slice(0, 2), agentIds: ['agent_acme_sales', 'agent_acme_support'] },
    { slug: 'globex', numbers: numbers.slice(2), agentIds: ['agent_globex'] },
  ];
  const workspaces = groups.map((g, i) => {
    const parents = parentCallsOf(calls.calls, g.numbers);
    // Most phone calls reached an agent; the rest (busy, no answer) have no conversation.
    const linked = parents
      .filter((_, k) => k % 5 !== 0)
      .map((p) => ({
        callSid: p.sid,
        startTimeUnixSecs: Math.floor(p.startTime.getTime() / 1000),
        durationSecs: p.durationSeconds,
      }));
    const conversations = generateElevenlabsDataset({
      seed: seed * 10 + i,
      agentIds: g.agentIds,
      conversations: linked.length + (options.conversations ?? 60),
      days: 30,
      endDate: yesterday,
      withFiatShare: 0.6,
      phoneShare: 0.5,
      callSids: linked,
    });
    return { ...g, apiKey: `xi-key-${g.slug}-0123456789`, conversations };
  });

  const twilio = await startTwilioEmulator({
    accounts: [{ sid: calls.accountSid, authToken: TWILIO_TOKEN, calls: calls.calls.map((c) => ({ ...c })) }],
  });
  const elevenlabs = await startElevenlabsEmulator({
    keys: Object.fromEntries(workspaces.map((w) => [w.apiKey, w.conversations.conversations])),
  });
  return {
    twilio,
    elevenlabs,
    calls,
    workspaces,
    env: {
      TWILIO_API_BASE_URL: twilio.url,
      ELEVENLABS_API_BASE_URL: elevenlabs.url,
      TWILIO_ACCOUNT_SID: calls.accountSid,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      ELEVENLABS_USD_PER_CREDIT: USD_PER_CREDIT,
      VENDOR_RETRY_BASE_MS: '5',
      VENDOR_TIMEOUT_MS: '5000',
      SYNC_BACKFILL_DAYS: '60',
      // The data set spreads unpriced calls over its 30 days; revisit them all.
      SYNC_PRICE_PENDING_MAX_HOURS: String(24 * 45),
    },
    async stop() {
      await Promise.all([twilio.stop(), elevenlabs.stop()]);
    },
  };
}

/** Parent calls placed to or from any of `numbers` (what a workspace owns). */
export function parentCallsOf(all: EmulatedCall[], numbers: string[]): EmulatedCall[] {
  const own = new Set(numbers);
  return all.filter((c) => !c.parentCallSid && (c.direction === 'inbound' ? own.has(c.to) : own.has(c.from)));
}

/** What the workspace's calls should cost on Twilio right now: every priced leg, child legs included. */
export function expectedTwilio(fixture: SyncFixture, workspace: FixtureWorkspace) {
  const parents = parentCallsOf(fixture.calls.calls, workspace.numbers);
  const parentSids = new Set(parents.map((p) => p.sid));
  const legs = [...parents, ...fixture.calls.calls.filter((c) => c.parentCallSid && parentSids.has(c.parentCallSid))];
  // The emulator prices legs in place; read the prices it serves now.
  const store = fixture.twilio.accounts.get(fixture.calls.accountSid)!;
  const served = new Map(store.calls.map((c) => [c.sid, c.price]));
  let cost = new Decimal(0);
  let unpricedParents = 0;
  for (const leg of legs) {
    const price = served.get(leg.sid);
    if (price !== null && price !== undefined) cost = cost.minus(price);
  }
  for (const p of parents) {
    const childUnpriced = legs.some((l) => l.parentCallSid === p.sid && served.get(l.sid) === null);
    if (served.get(p.sid) === null || childUnpriced) unpricedParents++;
  }
  return { parents: parents.length, cost: cost.toFixed(), unpricedParents };
}

/** What the workspace's conversations should cost: cost_fiat first (vendor basis) or credits × rate. */
/** Rows the workspace should have: its Twilio parent calls and its conversations, joined on call SID. */
export function expectedRows(fixture: SyncFixture, workspace: FixtureWorkspace): { rows: number; joined: number } {
  const parentSids = new Set(parentCallsOf(fixture.calls.calls, workspace.numbers).map((p) => p.sid));
  const { twilioSids, withoutSid } = expectedElevenlabs(workspace, 'vendor');
  const joined = twilioSids.filter((sid) => parentSids.has(sid)).length;
  return { rows: new Set([...parentSids, ...twilioSids]).size + withoutSid, joined };
}

export function expectedElevenlabs(workspace: FixtureWorkspace, basis: 'vendor' | 'credits') {
  const facts = workspace.conversations.facts;
  let cost = new Decimal(0);
  for (const f of facts) cost = cost.plus(basis === 'vendor' && f.costFiatUsd !== null ? f.costFiatUsd : new Decimal(f.credits).times(USD_PER_CREDIT));
  return {
    conversations: facts.length,
    credits: facts.reduce((s, f) => s + f.credits, 0),
    cost: cost.toFixed(),
    twilioSids: facts.filter((f) => f.phoneType === 'twilio' && f.callSid).map((f) => f.callSid as string),
    withoutSid: facts.filter((f: ElevenlabsConversationFacts) => !(f.phoneType === 'twilio' && f.callSid)).length,
  };
}
