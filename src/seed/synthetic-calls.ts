/**
 * Synthetic calls for benchmarks and the demo. Pure and deterministic: the same seed, sizes and end
 * instant give the same rows, byte for byte. Money is built from integers (micro-dollars) and leaves
 * as decimal strings, never through a float.
 */
import { CallStatus } from '../entities/call-status.js';
import { BASE32, base32, hex8, Prng, randomText, scramble } from './prng.js';

export type SyntheticDirection = 'inbound' | 'outbound' | 'web';
/** As `ElevenlabsCostBasis` in call.entity.ts. */
export type CostBasis = 'vendor' | 'credit_rate' | 'estimate';

export interface SyntheticWorkspace {
  slug: string;
  name: string;
  phoneNumbers: string[];
  agentIds: string[];
  /** Fake credentials: stored only encrypted. */
  elevenlabsApiKey: string;
  twilioAccountSid: string | null;
  twilioAuthToken: string | null;
  clientPricePerMinute: string | null;
  /** Relative share of all calls, and how much that share grows from the first to the last day. */
  volume: number;
  growth: number;
  inboundShare: number;
  /** Twilio per-minute prices in 1e-5 USD (Twilio's 5 decimals): 850 is 0.00850. */
  inboundPrice5: number;
  outboundPrice5: number;
  costBasis: Exclude<CostBasis, 'estimate'>;
  /** The ElevenLabs plan: nothing stores it any more, but it is still drawn so every later draw stays the same. */
  tier: string;
  /** ElevenLabs credits per second of talk (about 1,000 a minute). */
  creditsPerSecond: number;
  country: Country;
}

export interface SyntheticCall {
  /** Index into the workspaces given to `generateCalls`. */
  workspace: number;
  twilioCallSid: string | null;
  elevenlabsConversationId: string | null;
  agentId: string | null;
  direction: SyntheticDirection;
  fromNumber: string | null;
  toNumber: string | null;
  status: CallStatus;
  /** Epoch milliseconds. */
  startedAt: number;
  durationSeconds: number;
  twilioCost: string | null;
  twilioPriceUnit: string | null;
  twilioPriceFinal: boolean;
  elevenlabsCredits: string | null;
  /** The credits broken down as the vendor does: language model and call. */
  elevenlabsLlmCredits: string | null;
  elevenlabsCallCredits: string | null;
  /** The language model's dollar price, as the vendor gives it. */
  elevenlabsLlmCostUsd: string | null;
  elevenlabsCost: string | null;
  elevenlabsCurrency: string | null;
  elevenlabsCostEstimated: boolean;
  elevenlabsCostBasis: CostBasis | null;
  terminationReason: string | null;
}

export interface GenerateOptions {
  seed: number;
  workspaces: readonly SyntheticWorkspace[];
  calls: number;
  days: number;
  /** The window is [end − days, end), `end` truncated to the second: vendors give start times in seconds. */
  end: Date;
  /** Micro-dollars per credit for workspaces priced by credit rate; the CLI stores the same rate. */
  creditRateMicros?: number;
}

/** 0.00012 USD a credit (about a business plan), the rate the seeded `credit_rates` row carries. */
export const DEFAULT_CREDIT_RATE_MICROS = 120;
/** The estimate used when a conversation has no cost: 0.10 USD a started minute. */
export const ESTIMATE_MICROS_PER_MINUTE = 100_000;

export const SHARES = { web: 0.02, twilioOnly: 0.03, unpricedRecent: 0.02, estimated: 0.01 } as const;

type Country = 'US' | 'ES' | 'GB';
const COUNTRIES: readonly Country[] = ['US', 'US', 'US', 'ES', 'ES', 'GB'];
const COMPANIES = [
  'Acme Dental',
  'Brightside Realty',
  'Costa Clinics',
  'Delta Logistics',
  'Evergreen Insurance',
  'Fenwick Legal',
  'Granite Auto',
  'Harbor Hotels',
  'Iberia Fitness',
  'Juniper Vets',
  'Keystone Energy',
  'Lumen Telecom',
  'Maple Schools',
  'Northwind Travel',
  'Orchard Pharmacy',
  'Pioneer Plumbing',
];
const TIERS = ['creator', 'pro', 'pro', 'scale', 'business'];
const HEX = '0123456789abcdef';

/** Relative calls per UTC hour of day: office hours, a lunch dip, quiet nights. */
const HOURLY = [0.12, 0.08, 0.06, 0.06, 0.08, 0.15, 0.35, 0.8, 1.4, 1.9, 2, 1.9, 1.5, 1.6, 1.9, 1.9, 1.7, 1.4, 1, 0.7, 0.5, 0.35, 0.25, 0.18];
/** Sunday first. */
const WEEKDAY = [0.3, 1.1, 1.05, 1, 1, 0.95, 0.45];
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function syntheticWorkspaces(count: number, seed: number): SyntheticWorkspace[] {
  const rng = new Prng(seed ^ 0x5eed_0001);
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(width, '0');
    const country = rng.pick(COUNTRIES);
    const ownAccount = i % 5 === 4;
    return {
      slug: `synthetic-${n}`,
      name: `Synthetic ${n} · ${COMPANIES[i % COMPANIES.length]}`,
      phoneNumbers: Array.from({ length: rng.int(1, 3) }, () => phoneNumber(rng, country, true)),
      agentIds: Array.from({ length: rng.int(1, 4) }, () => 'agent_' + randomText(rng, BASE32, 28)),
      elevenlabsApiKey: 'sk_' + randomText(rng, HEX, 48),
      twilioAccountSid: ownAccount ? 'AC' + randomText(rng, HEX, 32) : null,
      twilioAuthToken: ownAccount ? randomText(rng, HEX, 32) : null,
      clientPricePerMinute: rng.chance(0.6) ? formatMicros(rng.int(15, 60) * 10_000) : null,
      volume: Math.exp(rng.normal() * 0.9),
      growth: rng.next() * 1.2 - 0.3,
      inboundShare: 0.35 + rng.next() * 0.6,
      inboundPrice5: country === 'US' ? 850 : rng.int(900, 1100),
      outboundPrice5: country === 'US' ? 1400 : rng.int(1200, 1400),
      costBasis: rng.chance(0.7) ? 'vendor' : 'credit_rate',
      tier: rng.pick(TIERS),
      creditsPerSecond: 15 + rng.next() * 3,
      country,
    };
  });
}

/**
 * Calls in start-time order, exactly `calls` of them. Volume follows hour of day, weekday, a daily
 * wobble and each workspace's own size and growth, so reports and alerts see realistic shapes.
 */
export function* generateCalls(options: GenerateOptions): Generator<SyntheticCall> {
  const { workspaces, calls, days } = options;
  if (workspaces.length === 0 && calls > 0) throw new Error('generateCalls needs at least one workspace');
  const rng = new Prng(options.seed);
  const salt = new Prng(options.seed ^ 0x5a17).uint32();
  const endMs = Math.floor(options.end.getTime() / 1000) * 1000;
  const startMs = endMs - days * DAY_MS;
  const hours = days * 24;
  const cumulative = hourlyCumulative(rng, startMs, hours);
  const total = cumulative[hours - 1];
  const unpricedFrom = calls - Math.ceil(calls * SHARES.unpricedRecent);
  const weights = new Float64Array(workspaces.length);
  let index = 0;
  let allotted = 0;
  for (let h = 0; h < hours; h++) {
    const upTo = h === hours - 1 ? calls : Math.round((calls * cumulative[h]) / total);
    const inHour = upTo - allotted;
    allotted = upTo;
    if (inHour <= 0) continue;
    const progress = h / hours;
    let sum = 0;
    for (let w = 0; w < workspaces.length; w++) {
      sum += workspaces[w].volume * (1 + workspaces[w].growth * (progress - 0.5));
      weights[w] = sum;
    }
    const hourStart = startMs + h * HOUR_MS;
    const offsets = Array.from({ length: inHour }, () => Math.floor(rng.next() * 3600) * 1000).sort((a, b) => a - b);
    for (const offset of offsets) {
      const pickAt = rng.next() * sum;
      let w = 0;
      while (w < workspaces.length - 1 && weights[w] <= pickAt) w++;
      yield makeCall(rng, workspaces[w], w, hourStart + offset, index, salt, index >= unpricedFrom, options);
      index++;
    }
  }
}

function hourlyCumulative(rng: Prng, startMs: number, hours: number): Float64Array {
  const out = new Float64Array(hours);
  let sum = 0;
  let wobble = 1;
  for (let h = 0; h < hours; h++) {
    const mid = startMs + h * HOUR_MS + HOUR_MS / 2;
    if (h % 24 === 0) wobble = 0.85 + rng.next() * 0.3;
    const weekday = (Math.floor(mid / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday
    sum += HOURLY[Math.floor(mid / HOUR_MS) % 24] * WEEKDAY[weekday] * wobble;
    out[h] = sum;
  }
  return out;
}

function makeCall(
  rng: Prng,
  ws: SyntheticWorkspace,
  workspace: number,
  startedAt: number,
  index: number,
  salt: number,
  unpriced: boolean,
  options: GenerateOptions,
): SyntheticCall {
  const kindDraw = rng.next();
  const web = kindDraw < SHARES.web;
  const twilioOnly = !web && kindDraw < SHARES.web + SHARES.twilioOnly;
  const direction: SyntheticDirection = web ? 'web' : rng.chance(ws.inboundShare) ? 'inbound' : 'outbound';
  const status = callStatus(rng, direction, twilioOnly);
  const completed = status === CallStatus.Completed;
  const durationSeconds = completed ? lognormalDuration(rng) : 0;
  const minutes = Math.ceil(durationSeconds / 60);
  const unique = scramble(index ^ salt);

  const call: SyntheticCall = {
    workspace,
    direction,
    status,
    startedAt,
    durationSeconds,
    twilioCallSid: null,
    elevenlabsConversationId: null,
    agentId: null,
    fromNumber: null,
    toNumber: null,
    twilioCost: null,
    twilioPriceUnit: null,
    twilioPriceFinal: false,
    elevenlabsCredits: null,
    elevenlabsLlmCredits: null,
    elevenlabsCallCredits: null,
    elevenlabsLlmCostUsd: null,
    elevenlabsCost: null,
    elevenlabsCurrency: null,
    elevenlabsCostEstimated: false,
    elevenlabsCostBasis: null,
    terminationReason: null,
  };
  if (!web) {
    call.twilioCallSid = 'CA' + hex8(rng.uint32()) + hex8(rng.uint32()) + hex8(rng.uint32()) + hex8(unique);
    const own = rng.pick(ws.phoneNumbers);
    const other = phoneNumber(rng, ws.country, false);
    call.fromNumber = direction === 'inbound' ? other : own;
    call.toNumber = direction === 'inbound' ? own : other;
    call.twilioPriceUnit = 'USD';
    if (!unpriced) {
      const price5 = direction === 'inbound' ? ws.inboundPrice5 : ws.outboundPrice5;
      call.twilioCost = formatMicros(minutes * price5 * 10);
      call.twilioPriceFinal = true;
    }
  }
  if (twilioOnly) return call;

  call.elevenlabsConversationId = 'conv_' + base32(startedAt, 10) + base32(rng.uint32() * 256 + rng.int(0, 255), 8) + base32(unique * 256 + rng.int(0, 255), 8);
  call.agentId = rng.pick(ws.agentIds);
  call.elevenlabsCurrency = 'USD';
  call.terminationReason = terminationReason(rng, status, web, durationSeconds);
  if (completed && rng.chance(SHARES.estimated)) {
    // The vendor reported no cost yet: the sync's per-minute estimate stands in.
    call.elevenlabsCost = formatMicros(minutes * ESTIMATE_MICROS_PER_MINUTE);
    call.elevenlabsCostEstimated = true;
    call.elevenlabsCostBasis = 'estimate';
    return call;
  }
  const callCharge = Math.round(durationSeconds * ws.creditsPerSecond);
  const llmCharge = Math.round(callCharge * (0.05 + rng.next() * 0.2));
  const llmPriceMicros = rng.int(300, 2500);
  const credits = callCharge + llmCharge;
  call.elevenlabsCredits = String(credits);
  call.elevenlabsLlmCredits = String(llmCharge);
  call.elevenlabsCallCredits = String(callCharge);
  call.elevenlabsLlmCostUsd = trimZeros(formatMicros(llmPriceMicros));
  const costMicros =
    ws.costBasis === 'credit_rate' ? credits * (options.creditRateMicros ?? DEFAULT_CREDIT_RATE_MICROS) : durationSeconds * 1_500 + Math.round((llmCharge * llmPriceMicros) / 10); // a cost_fiat-like figure
  call.elevenlabsCost = formatMicros(costMicros);
  call.elevenlabsCostBasis = ws.costBasis;
  return call;
}

function callStatus(rng: Prng, direction: SyntheticDirection, twilioOnly: boolean): CallStatus {
  const r = rng.next();
  const failing = direction === 'outbound' ? 0.09 : direction === 'inbound' ? 0.02 : 0.01;
  // Twilio-only rows are mostly calls the agent never picked up.
  const fail = twilioOnly ? 0.5 : failing;
  if (r >= fail) return CallStatus.Completed;
  if (direction === 'web') return CallStatus.Failed;
  const p = r / fail;
  return p < 0.55 ? CallStatus.NoAnswer : p < 0.85 ? CallStatus.Busy : CallStatus.Failed;
}

/** Log-normal around 2.5 minutes, clamped to 20 s–20 min. */
function lognormalDuration(rng: Prng): number {
  const seconds = Math.round(Math.exp(Math.log(150) + 0.85 * rng.normal()));
  return Math.min(1200, Math.max(20, seconds));
}

function terminationReason(rng: Prng, status: CallStatus, web: boolean, seconds: number): string {
  if (status === CallStatus.Busy) return 'Line busy';
  if (status === CallStatus.NoAnswer) return 'Call was not answered';
  if (status === CallStatus.Failed) return 'Call failed';
  if (seconds >= 1200) return 'Maximum call duration exceeded';
  const r = rng.next();
  if (r < 0.5) return 'end_call tool was called.';
  return web ? 'Client disconnected: 1000' : 'Call ended by remote party';
}

/** E.164: a workspace's own number is a landline (as Twilio numbers usually are), a customer's a mobile. */
function phoneNumber(rng: Prng, country: Country, own: boolean): string {
  const digits = (n: number) =>
    rng
      .int(0, 10 ** n - 1)
      .toString()
      .padStart(n, '0');
  if (country === 'US') return `+1${rng.int(201, 989)}${rng.int(200, 999)}${digits(4)}`;
  if (country === 'ES') return own ? `+349${rng.int(10, 99)}${digits(6)}` : `+34${rng.int(6, 7)}${digits(8)}`;
  return own ? `+4420${digits(8)}` : `+447${digits(9)}`;
}

/** Micro-dollars (an integer) as a decimal string with six places: 8500 → "0.008500". */
export function formatMicros(micros: number): string {
  if (!Number.isSafeInteger(micros) || micros < 0) throw new Error(`not a non-negative integer amount: ${micros}`);
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

function trimZeros(decimal: string): string {
  return decimal.replace(/\.?0+$/, '');
}
