import { Decimal } from 'decimal.js';

/** Call statuses as the Call resource documents them. */
export type TwilioCallStatus = 'queued' | 'ringing' | 'in-progress' | 'canceled' | 'completed' | 'failed' | 'busy' | 'no-answer';
export type TwilioCallDirection = 'inbound' | 'outbound-api' | 'outbound-dial';

/** One call leg as the emulator holds it; serialized to Twilio's snake_case JSON on the way out. */
export interface EmulatedCall {
  sid: string;
  parentCallSid: string | null;
  to: string;
  from: string;
  phoneNumberSid: string | null;
  status: TwilioCallStatus;
  direction: TwilioCallDirection;
  startTime: Date;
  /** null while the call is still going on; `duration` is then null too. */
  endTime: Date | null;
  durationSeconds: number;
  /** Negative decimal string (`"-0.01400"`), or null until Twilio has priced the leg. */
  price: string | null;
  /** The price `finalizeAll()` gives a leg whose `price` is still null. */
  pendingPrice?: string;
  priceUnit?: string;
  answeredBy?: string | null;
  callerName?: string | null;
  forwardedFrom?: string | null;
  groupSid?: string | null;
  trunkSid?: string | null;
  queueTime?: string;
  dateCreated?: Date;
  dateUpdated?: Date;
}

/** Usage categories the emulator aggregates from calls (names from Twilio's usage-category list). */
export const USAGE_CATEGORIES = {
  calls: 'Voice Minutes',
  'calls-inbound': 'Inbound Voice Minutes',
  'calls-outbound': 'Outbound Voice Minutes',
} as const;
export type UsageCategory = keyof typeof USAGE_CATEGORIES;

/** One day of one category; replaces what the emulator would derive from calls. */
export interface UsageOverride {
  date: string;
  category: UsageCategory;
  count: number;
  usage: number;
  /** Positive decimal string, as usage records show it. */
  price: string;
}

export interface CallFilter {
  to?: string;
  from?: string;
  parentCallSid?: string;
  status?: string;
  /** Inclusive bounds in epoch ms on start_time. */
  startMin?: number;
  startMax?: number;
  endMin?: number;
  endMax?: number;
}

/** Keyset position: PA<sid> continues after that call, PB<sid> reads the page before it. */
export interface Cursor {
  direction: 'after' | 'before';
  sid: string;
}

export interface CallPageResult {
  calls: EmulatedCall[];
  hasMore: boolean;
}

export const API_VERSION = '2010-04-01';

/**
 * Calls of one account kept sorted like Twilio lists them (start_time descending, then SID), with
 * per-number and per-parent position lists, so a page costs a binary search plus the page itself
 * even with 100,000 calls.
 */
export class AccountStore {
  private sorted: EmulatedCall[] = [];
  private startMs: number[] = [];
  private all: number[] = [];
  private position = new Map<string, number>();
  private byTo = new Map<string, number[]>();
  private byFrom = new Map<string, number[]>();
  private byParent = new Map<string, number[]>();
  private usageCache: Map<string, Map<UsageCategory, UsageTotals>> | null = null;
  private readonly overrides = new Map<string, UsageOverride>();

  constructor(
    readonly sid: string,
    readonly authToken: string,
    calls: Iterable<EmulatedCall> = [],
  ) {
    this.addCalls(calls);
  }

  get calls(): readonly EmulatedCall[] {
    return this.sorted;
  }

  addCalls(calls: Iterable<EmulatedCall>): void {
    const added = [...calls];
    const seen = new Set<string>();
    for (const { sid } of added) {
      if (this.position.has(sid) || seen.has(sid)) throw new Error(`duplicate call SID ${sid}`);
      seen.add(sid);
    }
    for (const call of added) this.sorted.push(call); // no spread: 100k arguments overflow the stack
    this.reindex();
  }

  get(sid: string): EmulatedCall | undefined {
    const at = this.position.get(sid);
    return at === undefined ? undefined : this.sorted[at];
  }

  setPrice(sid: string, price: string | null, now: Date): void {
    const call = this.get(sid);
    if (!call) throw new Error(`no call ${sid} in account ${this.sid}`);
    call.price = price === null ? null : new Decimal(price).toFixed(5);
    call.dateUpdated = now;
    this.usageCache = null;
  }

  /** Prices every leg still unpriced with its `pendingPrice` (zero when it has none); returns how many. */
  finalizeAll(now: Date): number {
    let priced = 0;
    for (const call of this.sorted) {
      if (call.price !== null) continue;
      call.price = new Decimal(call.pendingPrice ?? 0).toFixed(5);
      call.dateUpdated = now;
      priced++;
    }
    if (priced > 0) this.usageCache = null;
    return priced;
  }

  setUsage(override: UsageOverride): void {
    this.overrides.set(`${override.category}|${override.date}`, override);
  }

  listCalls(filter: CallFilter, pageSize: number, cursor: Cursor | null): CallPageResult | 'bad-token' {
    const candidates = this.candidates(filter);
    // Start times never increase along a candidate list, so the time window is one contiguous range.
    let lo = filter.startMax === undefined ? 0 : this.firstStartAtOrBelow(candidates, filter.startMax);
    let hi = filter.startMin === undefined ? candidates.length : this.firstStartAtOrBelow(candidates, filter.startMin - 1);
    if (cursor) {
      const at = this.position.get(cursor.sid);
      if (at === undefined) return 'bad-token';
      if (cursor.direction === 'after') lo = Math.max(lo, firstAbove(candidates, at));
      else hi = Math.min(hi, firstAbove(candidates, at - 1));
    }
    const keep = (call: EmulatedCall) => this.matches(call, filter);
    if (cursor?.direction === 'before') {
      const calls: EmulatedCall[] = [];
      for (let i = hi - 1; i >= lo && calls.length < pageSize; i--) {
        const call = this.sorted[candidates[i]];
        if (keep(call)) calls.push(call);
      }
      return { calls: calls.reverse(), hasMore: true };
    }
    const calls: EmulatedCall[] = [];
    let i = lo;
    for (; i < hi && calls.length < pageSize; i++) {
      const call = this.sorted[candidates[i]];
      if (keep(call)) calls.push(call);
    }
    let hasMore = false;
    for (; i < hi && !hasMore; i++) hasMore = keep(this.sorted[candidates[i]]);
    return { calls, hasMore };
  }

  /** Daily totals, derived from priced legs (Twilio bills a leg once it is priced) unless overridden. */
  usageFor(category: UsageCategory, date: string): UsageTotals {
    const override = this.overrides.get(`${category}|${date}`);
    if (override) return { count: override.count, usage: override.usage, price: new Decimal(override.price) };
    return this.usageByDay().get(date)?.get(category) ?? { count: 0, usage: 0, price: new Decimal(0) };
  }

  firstCallDay(): string | undefined {
    const last = this.sorted[this.sorted.length - 1];
    return last ? isoDay(last.startTime) : undefined;
  }

  private reindex(): void {
    const keyed = this.sorted.map((call) => ({ ms: call.startTime.getTime(), call }));
    keyed.sort((a, b) => b.ms - a.ms || (a.call.sid < b.call.sid ? 1 : a.call.sid > b.call.sid ? -1 : 0));
    this.sorted = keyed.map((k) => k.call);
    this.startMs = keyed.map((k) => k.ms);
    this.all = this.sorted.map((_, i) => i);
    this.byTo = new Map();
    this.byFrom = new Map();
    this.byParent = new Map();
    this.sorted.forEach((call, i) => {
      this.position.set(call.sid, i);
      push(this.byTo, call.to, i);
      push(this.byFrom, call.from, i);
      if (call.parentCallSid) push(this.byParent, call.parentCallSid, i);
    });
    this.usageCache = null;
  }

  /** The shortest indexed list that every match must be in; other filters are checked per call. */
  private candidates(filter: CallFilter): number[] {
    const lists: number[][] = [];
    if (filter.to !== undefined) lists.push(this.byTo.get(filter.to) ?? []);
    if (filter.from !== undefined) lists.push(this.byFrom.get(filter.from) ?? []);
    if (filter.parentCallSid !== undefined) lists.push(this.byParent.get(filter.parentCallSid) ?? []);
    return lists.reduce((best, list) => (list.length < best.length ? list : best), this.all);
  }

  private matches(call: EmulatedCall, f: CallFilter): boolean {
    if (f.to !== undefined && call.to !== f.to) return false;
    if (f.from !== undefined && call.from !== f.from) return false;
    if (f.parentCallSid !== undefined && call.parentCallSid !== f.parentCallSid) return false;
    if (f.status !== undefined && call.status !== f.status) return false;
    if (f.endMin !== undefined || f.endMax !== undefined) {
      const end = call.endTime?.getTime();
      if (end === undefined) return false;
      if (f.endMin !== undefined && end < f.endMin) return false;
      if (f.endMax !== undefined && end > f.endMax) return false;
    }
    return true;
  }

  /** First index in `candidates` whose start time is at or below `ms`. */
  private firstStartAtOrBelow(candidates: number[], ms: number): number {
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.startMs[candidates[mid]] <= ms) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private usageByDay(): Map<string, Map<UsageCategory, UsageTotals>> {
    if (this.usageCache) return this.usageCache;
    const days = new Map<string, Map<UsageCategory, UsageTotals>>();
    for (const call of this.sorted) {
      if (call.price === null) continue;
      const day = isoDay(call.startTime);
      let byCategory = days.get(day);
      if (!byCategory) days.set(day, (byCategory = new Map()));
      const minutes = Math.ceil(call.durationSeconds / 60);
      const cost = new Decimal(call.price).negated();
      for (const category of ['calls', call.direction === 'inbound' ? 'calls-inbound' : 'calls-outbound'] as const) {
        const totals = byCategory.get(category) ?? { count: 0, usage: 0, price: new Decimal(0) };
        byCategory.set(category, { count: totals.count + 1, usage: totals.usage + minutes, price: totals.price.plus(cost) });
      }
    }
    return (this.usageCache = days);
  }
}

export interface UsageTotals {
  count: number;
  usage: number;
  price: Decimal;
}

/** First index whose position is greater than `position` (position lists are ascending). */
function firstAbove(list: number[], position: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function push(index: Map<string, number[]>, key: string, position: number): void {
  const list = index.get(key);
  if (list) list.push(position);
  else index.set(key, [position]);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
