import { Decimal } from 'decimal.js';
import type { EmulatedCall, TwilioCallStatus } from './twilio.store.js';

/**
 * Deterministic Twilio call logs with their totals worked out in advance, so a test or benchmark can
 * compare what the app stored against exact figures. Money is summed with decimal.js only.
 */
export interface TwilioDatasetOptions {
  seed: number | string;
  /** Defaults to a SID derived from the seed. */
  accountSid?: string;
  /** Our Twilio numbers: how many to make up, or the E.164 numbers themselves. */
  numbers: number | string[];
  /** Parent calls to generate (child legs come on top). */
  calls: number;
  /** Days covered, ending with `endDate`. */
  days: number;
  /** Last day covered (UTC), `YYYY-MM-DD` or a Date. */
  endDate: string | Date;
  /** Share of legs Twilio has not priced yet (`price: null`, final price kept in `pendingPrice`). Default 0.05. */
  unpricedShare?: number;
  /** Legs starting at or after this are always priced: late prices only on older legs. Default: none. */
  pricedFrom?: Date;
  /** Share of parent calls with one `outbound-dial` child leg. Default 0.1. */
  childLegShare?: number;
  /** Share of parent calls placed by us (`outbound-api`) rather than received. Default 0.3. */
  outboundShare?: number;
}

export interface TwilioDatasetTotals {
  parentCalls: number;
  childLegs: number;
  unpricedLegs: number;
  /** Sum of parent-call durations, in seconds. */
  durationSeconds: number;
  /** Σ `price` of every priced leg, parents and children, negative as Twilio writes it. */
  priceSum: string;
  /** `-priceSum`: what Twilio has charged so far. */
  costSum: string;
  /** Σ price once every leg is priced (after `finalizeAll()`). */
  finalPriceSum: string;
  finalCostSum: string;
}

export interface TwilioDatasetNumber {
  number: string;
  phoneNumberSid: string;
}

export interface TwilioDataset {
  accountSid: string;
  numbers: TwilioDatasetNumber[];
  /** Parents and child legs, newest first. */
  calls: EmulatedCall[];
  /** Start times fall in [start, end). */
  window: { start: Date; end: Date };
  totals: TwilioDatasetTotals;
  /** Totals per our number: inbound parents by `to`, outbound parents by `from`, children with their parent. */
  byNumber: Map<string, TwilioDatasetTotals>;
}

const DAY_MS = 86_400_000;
const RATE_PER_MINUTE = { inbound: '0.0085', outbound: '0.0140' } as const;
const STATUSES: Array<[TwilioCallStatus, number]> = [
  ['completed', 0.88],
  ['no-answer', 0.05],
  ['busy', 0.04],
  ['failed', 0.03],
];

export function generateTwilioDataset(options: TwilioDatasetOptions): TwilioDataset {
  const rand = mulberry32(hashSeed(String(options.seed)));
  const hex = (chars: number) => {
    let out = '';
    while (out.length < chars)
      out += Math.floor(rand() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, chars);
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const accountSid = options.accountSid ?? `AC${hex(32)}`;
  const numbers: TwilioDatasetNumber[] = (typeof options.numbers === 'number' ? Array.from({ length: options.numbers }, (_, i) => `+1555${1_000_000 + i}`) : options.numbers).map(
    (number) => ({ number, phoneNumberSid: `PN${hex(32)}` }),
  );
  if (numbers.length === 0) throw new Error('a dataset needs at least one number');

  const endDay = typeof options.endDate === 'string' ? Date.parse(`${options.endDate}T00:00:00Z`) : options.endDate.getTime();
  const end = Math.floor(endDay / DAY_MS) * DAY_MS + DAY_MS;
  const start = end - options.days * DAY_MS;
  const unpricedShare = options.unpricedShare ?? 0.05;
  const childLegShare = options.childLegShare ?? 0.1;
  const outboundShare = options.outboundShare ?? 0.3;

  // Twilio bills started minutes, so a leg's price depends on (rate, minutes) only: worked out once each.
  const prices = new Map<string, string>();
  const price = (seconds: number, rate: string) => {
    const minutes = Math.ceil(seconds / 60);
    const key = `${rate}|${minutes}`;
    let value = prices.get(key);
    if (value === undefined) prices.set(key, (value = new Decimal(rate).times(minutes).negated().toFixed(5)));
    return value;
  };
  const pricedFrom = options.pricedFrom?.getTime() ?? Infinity;
  // The draw is made either way, so `pricedFrom` leaves the rest of the data set as it was.
  const priced = (final: string, at: Date) => (rand() < unpricedShare && at.getTime() < pricedFrom ? { price: null, pendingPrice: final } : { price: final });
  const caller = () => `+1${200 + Math.floor(rand() * 800)}${String(Math.floor(rand() * 1e7)).padStart(7, '0')}`;

  const calls: EmulatedCall[] = [];
  for (let i = 0; i < options.calls; i++) {
    const ours = pick(numbers);
    const outbound = rand() < outboundShare;
    const status = pickStatus(rand());
    const startTime = new Date(start + Math.floor((rand() * (end - start)) / 1000) * 1000);
    const duration = status === 'completed' ? 5 + Math.floor(rand() * rand() * 895) : 0;
    const endTime = new Date(startTime.getTime() + duration * 1000);
    const other = caller();
    const parent: EmulatedCall = {
      sid: `CA${hex(32)}`,
      parentCallSid: null,
      to: outbound ? other : ours.number,
      from: outbound ? ours.number : other,
      phoneNumberSid: ours.phoneNumberSid,
      status,
      direction: outbound ? 'outbound-api' : 'inbound',
      startTime,
      endTime,
      durationSeconds: duration,
      ...priced(price(duration, outbound ? RATE_PER_MINUTE.outbound : RATE_PER_MINUTE.inbound), startTime),
      dateCreated: startTime,
      dateUpdated: endTime,
    };
    calls.push(parent);
    if (status === 'completed' && duration > 10 && rand() < childLegShare) {
      const offset = 1 + Math.floor(rand() * Math.min(30, duration - 5));
      const childDuration = Math.max(1, Math.floor((duration - offset) * rand()));
      const childStart = new Date(startTime.getTime() + offset * 1000);
      calls.push({
        sid: `CA${hex(32)}`,
        parentCallSid: parent.sid,
        to: caller(),
        from: ours.number,
        phoneNumberSid: null,
        status: 'completed',
        direction: 'outbound-dial',
        startTime: childStart,
        endTime: new Date(childStart.getTime() + childDuration * 1000),
        durationSeconds: childDuration,
        ...priced(price(childDuration, RATE_PER_MINUTE.outbound), childStart),
        dateCreated: childStart,
      });
    }
  }
  calls.sort((a, b) => b.startTime.getTime() - a.startTime.getTime() || (a.sid < b.sid ? 1 : -1));

  // One pass over the calls; the overall totals are the per-number sums added up.
  const sums = summarizeByParent(calls, ourNumber);
  const byNumber = new Map<string, TwilioDatasetTotals>();
  for (const { number } of numbers) byNumber.set(number, toTotals(sums.get(number) ?? emptySum()));
  const totals = toTotals([...sums.values()].reduce(addSums, emptySum()));
  return { accountSid, numbers, calls, window: { start: new Date(start), end: new Date(end) }, totals, byNumber };
}

/**
 * Totals of a subset: legs whose parent is on `number` (inbound `to`, outbound `from`) and whose
 * parent started in [from, to). Child legs count with their parent, wherever they start.
 */
export function summarizeCalls(calls: readonly EmulatedCall[], scope: { number?: string; from?: Date; to?: Date } = {}): TwilioDatasetTotals {
  const inScope = (parent: EmulatedCall) => {
    const at = parent.startTime.getTime();
    return (
      (scope.number === undefined || ourNumber(parent) === scope.number) &&
      (scope.from === undefined || at >= scope.from.getTime()) &&
      (scope.to === undefined || at < scope.to.getTime())
    );
  };
  return toTotals(summarizeByParent(calls, (parent) => (inScope(parent) ? '' : undefined)).get('') ?? emptySum());
}

/** Our side of a parent call: the number called for inbound, the caller ID for outbound. */
function ourNumber(parent: EmulatedCall): string {
  return parent.direction === 'inbound' ? parent.to : parent.from;
}

interface Sum {
  parents: number;
  children: number;
  unpriced: number;
  duration: number;
  priced: Decimal;
  /** Σ pendingPrice of the unpriced legs. */
  pending: Decimal;
}

const emptySum = (): Sum => ({
  parents: 0,
  children: 0,
  unpriced: 0,
  duration: 0,
  priced: new Decimal(0),
  pending: new Decimal(0),
});

const addSums = (a: Sum, b: Sum): Sum => ({
  parents: a.parents + b.parents,
  children: a.children + b.children,
  unpriced: a.unpriced + b.unpriced,
  duration: a.duration + b.duration,
  priced: a.priced.plus(b.priced),
  pending: a.pending.plus(b.pending),
});

function toTotals(sum: Sum): TwilioDatasetTotals {
  const final = sum.priced.plus(sum.pending);
  return {
    parentCalls: sum.parents,
    childLegs: sum.children,
    unpricedLegs: sum.unpriced,
    durationSeconds: sum.duration,
    priceSum: sum.priced.toFixed(5),
    costSum: sum.priced.negated().toFixed(5),
    finalPriceSum: final.toFixed(5),
    finalCostSum: final.negated().toFixed(5),
  };
}

/** Sums per group of parent call (undefined: left out); a child leg joins its parent's group. */
function summarizeByParent(calls: readonly EmulatedCall[], groupOf: (parent: EmulatedCall) => string | undefined): Map<string, Sum> {
  const sums = new Map<string, Sum>();
  const groupOfParent = new Map<string, string>();
  const add = (group: string, call: EmulatedCall) => {
    let sum = sums.get(group);
    if (!sum) sums.set(group, (sum = emptySum()));
    if (call.parentCallSid) sum.children++;
    else {
      sum.parents++;
      sum.duration += call.durationSeconds;
    }
    if (call.price !== null) sum.priced = sum.priced.plus(call.price);
    else {
      sum.unpriced++;
      if (call.pendingPrice !== undefined) sum.pending = sum.pending.plus(call.pendingPrice);
    }
  };
  for (const call of calls) {
    if (call.parentCallSid) continue;
    const group = groupOf(call);
    if (group === undefined) continue;
    groupOfParent.set(call.sid, group);
    add(group, call);
  }
  for (const call of calls) {
    const group = call.parentCallSid ? groupOfParent.get(call.parentCallSid) : undefined;
    if (group !== undefined) add(group, call);
  }
  return sums;
}

function pickStatus(r: number): TwilioCallStatus {
  let acc = 0;
  for (const [status, share] of STATUSES) if (r < (acc += share)) return status;
  return 'completed';
}

/** FNV-1a: turns any seed string into the 32-bit state mulberry32 needs. */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Small, fast, well-distributed 32-bit PRNG; reproducible across Node versions. */
function mulberry32(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
