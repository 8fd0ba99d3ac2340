import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountStore, API_VERSION, isoDay, USAGE_CATEGORIES, type CallFilter, type EmulatedCall, type UsageCategory, type UsageOverride } from './twilio.store.js';
import { applyTimeFilter, callJson, envelope, errorBody, HttpError, pageUri, readPaging, usageRecordJson, type QueryPairs } from './twilio.wire.js';

export type { EmulatedCall, UsageOverride } from './twilio.store.js';

/**
 * A local stand-in for the parts of Twilio's REST API (2010-04-01) the app reads: Calls (list and
 * fetch) and daily Usage Records, with HTTP Basic auth, keyset paging through `next_page_uri`, and
 * injectable faults. Only node:http, so tests and benchmarks start it in milliseconds.
 */
export interface TwilioEmulatorOptions {
  accounts: Array<{ sid: string; authToken: string; calls?: Iterable<EmulatedCall>; usage?: UsageOverride[] }>;
  /** Clock for `as_of`, `date_updated` and relative usage dates; defaults to the wall clock. */
  now?: () => Date;
  /**
   * Whether `StartTime<` keeps a call that starts exactly on the bound. Twilio's older reference
   * says "on or before", the current one "before"; the default (true) follows the older wording.
   */
  startTimeBeforeInclusive?: boolean;
  port?: number;
}

export type TwilioFaultKind = 'rate-limit' | 'server-error' | 'malformed' | 'hang';

export interface TwilioFaultSpec {
  /**
   * Tested against the request path with its raw query (`/2010-04-01/.../Calls.json?PageSize=50`):
   * a string matches when contained in it, a RegExp when it tests true (`/PageToken=/` hits only
   * the pages after the first).
   */
  path: string | RegExp;
  kind: TwilioFaultKind;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** `rate-limit`: the Retry-After header in seconds (default 1). */
  retryAfterSeconds?: number;
  /** `hang`: answer normally after this delay; without it the request never gets an answer. */
  delayMs?: number;
}

export interface TwilioEmulatorRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  at: Date;
  /** 0 until answered (a hung request stays 0). */
  status: number;
  fault?: TwilioFaultKind;
}

export interface TwilioEmulator {
  url: string;
  port: number;
  accounts: ReadonlyMap<string, AccountStore>;
  /** Every request received, in arrival order. */
  requests: TwilioEmulatorRequest[];
  /** Requests answered so far (faults included). */
  readonly servedCount: number;
  addCalls(accountSid: string, calls: Iterable<EmulatedCall>): void;
  /** Sets (or clears, with null) one leg's price, as Twilio does some minutes after the call. */
  priceCall(callSid: string, price: string | null): void;
  /** Prices every unpriced leg with its `pendingPrice`; returns how many legs changed. */
  finalizeAll(accountSid?: string): number;
  setUsage(accountSid: string, override: UsageOverride): void;
  setFault(fault: TwilioFaultSpec): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;
const ACCOUNT_PATH = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)(/.*)$`);

export async function startTwilioEmulator(options: TwilioEmulatorOptions): Promise<TwilioEmulator> {
  const now = options.now ?? (() => new Date());
  const beforeInclusive = options.startTimeBeforeInclusive ?? true;
  const accounts = new Map<string, AccountStore>();
  for (const a of options.accounts) {
    const store = new AccountStore(a.sid, a.authToken, a.calls ?? []);
    for (const u of a.usage ?? []) store.setUsage(u);
    accounts.set(a.sid, store);
  }
  const requests: TwilioEmulatorRequest[] = [];
  const faults: Array<TwilioFaultSpec & { left: number }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let served = 0;

  const account = (sid: string) => {
    const store = accounts.get(sid);
    if (!store) throw new Error(`unknown account ${sid}`);
    return store;
  };

  type Headers = Record<string, string>;
  function send(res: ServerResponse, entry: TwilioEmulatorRequest, status: number, body: string, headers: Headers = {}) {
    if (res.destroyed) return;
    entry.status = status;
    served++;
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Twilio-Request-Id': `RQ${served.toString(16).padStart(32, '0')}`,
      ...headers,
    });
    res.end(body);
  }

  function answer(req: IncomingMessage, url: URL): { status: number; body: string; headers?: Headers } {
    try {
      return { status: 200, body: JSON.stringify(route(req, url)) };
    } catch (error) {
      // An emulator bug must reach the test as a 500, not kill the test process from a socket callback.
      if (!(error instanceof HttpError)) return { status: 500, body: errorBody(500, 20500, String(error)) };
      const headers: Headers = error.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {};
      return { status: error.status, body: errorBody(error.status, error.code, error.message), headers };
    }
  }

  function route(req: IncomingMessage, url: URL): unknown {
    const match = ACCOUNT_PATH.exec(url.pathname);
    if (!match) throw new HttpError(404, 20404, `The requested resource ${url.pathname} was not found`);
    const store = authenticate(req, match[1]);
    if (req.method !== 'GET') throw new HttpError(405, 20004, 'Method not allowed');
    const rest = match[2];
    if (rest === '/Calls.json') return listCalls(store, url);
    const one = /^\/Calls\/([^/]+)\.json$/.exec(rest);
    if (one) {
      const call = store.get(one[1]);
      if (!call) throw new HttpError(404, 20404, `The requested resource ${url.pathname} was not found`);
      return callJson(store.sid, call);
    }
    if (rest === '/Usage/Records/Daily.json') return listDailyUsage(store, url);
    throw new HttpError(404, 20404, `The requested resource ${url.pathname} was not found`);
  }

  function authenticate(req: IncomingMessage, pathSid: string): AccountStore {
    const header = req.headers.authorization ?? '';
    const decoded = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const sid = decoded.slice(0, colon);
    const store = colon > 0 ? accounts.get(sid) : undefined;
    if (!store || store.authToken !== decoded.slice(colon + 1) || sid !== pathSid) {
      throw new HttpError(401, 20003, 'Authenticate');
    }
    return store;
  }

  function listCalls(store: AccountStore, url: URL) {
    const q = url.searchParams;
    const filter: CallFilter = {};
    const echoed: QueryPairs = [];
    for (const [rawKey, value] of q) {
      // `StartTime>=X` in a raw query parses as key `StartTime>`; accept the spelled-out forms too.
      const key = rawKey.replace(/([<>])=$/, '$1');
      switch (key) {
        case 'To':
          filter.to = value;
          break;
        case 'From':
          filter.from = value;
          break;
        case 'ParentCallSid':
          filter.parentCallSid = value;
          break;
        case 'Status':
          filter.status = value;
          break;
        case 'StartTime':
        case 'StartTime>':
        case 'StartTime<':
        case 'EndTime':
        case 'EndTime>':
        case 'EndTime<':
          applyTimeFilter(filter, key, value, beforeInclusive);
          break;
        default:
          continue; // PageSize, Page, PageToken and unknown keys are not filters
      }
      echoed.push([key, value]);
    }
    const { pageSize, page, cursor } = readPaging(q, true);
    const result = store.listCalls(filter, pageSize, cursor);
    if (result === 'bad-token') throw new HttpError(400, 21481, 'Invalid PageToken');
    const path = `/${API_VERSION}/Accounts/${store.sid}/Calls.json`;
    const { calls } = result;
    const first = calls[0];
    const last = calls[calls.length - 1];
    return {
      calls: calls.map((c) => callJson(store.sid, c)),
      ...envelope(path, echoed, pageSize, page, calls.length, q.get('PageToken') ?? undefined),
      next_page_uri: result.hasMore && last ? pageUri(path, echoed, pageSize, page + 1, `PA${last.sid}`) : null,
      previous_page_uri: page > 0 && first ? pageUri(path, echoed, pageSize, page - 1, `PB${first.sid}`) : null,
    };
  }

  function listDailyUsage(store: AccountStore, url: URL) {
    const q = url.searchParams;
    const category = q.get('Category');
    if (category !== null && !(category in USAGE_CATEGORIES)) {
      throw new HttpError(400, 20001, `Category ${category} is not supported by the emulator`);
    }
    const today = isoDay(now());
    const startDate = parseUsageDate(q.get('StartDate'), 'StartDate') ?? store.firstCallDay() ?? today;
    const endDate = parseUsageDate(q.get('EndDate'), 'EndDate') ?? today;
    const echoed: QueryPairs = [];
    if (category !== null) echoed.push(['Category', category]);
    echoed.push(['StartDate', startDate], ['EndDate', endDate]);
    const { pageSize, page } = readPaging(q, false);
    const categories = (category === null ? Object.keys(USAGE_CATEGORIES) : [category]) as UsageCategory[];
    const firstDay = Date.parse(`${startDate}T00:00:00Z`);
    const days = Math.max(0, Math.floor((Date.parse(`${endDate}T00:00:00Z`) - firstDay) / DAY_MS) + 1);
    const total = categories.length * days;
    const asOf = now();
    const records: unknown[] = [];
    // Records are produced per page (category, then day ascending) rather than materialised.
    for (let i = page * pageSize; i < Math.min(total, (page + 1) * pageSize); i++) {
      const cat = categories[Math.floor(i / days)];
      const day = isoDay(new Date(firstDay + (i % days) * DAY_MS));
      records.push(usageRecordJson(store.sid, cat, day, store.usageFor(cat, day), asOf));
    }
    const path = `/${API_VERSION}/Accounts/${store.sid}/Usage/Records/Daily.json`;
    return {
      usage_records: records,
      ...envelope(path, echoed, pageSize, page, records.length),
      next_page_uri: (page + 1) * pageSize < total ? pageUri(path, echoed, pageSize, page + 1) : null,
      previous_page_uri: page > 0 ? pageUri(path, echoed, pageSize, page - 1) : null,
    };
  }

  function parseUsageDate(value: string | null, name: string): string | undefined {
    if (value === null) return undefined;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return value;
    const offset = /^([+-]\d+)days$/.exec(value); // documented: "-30days" counts from today
    if (offset) return isoDay(new Date(now().getTime() + Number(offset[1]) * DAY_MS));
    throw new HttpError(400, 20001, `${name} must be YYYY-MM-DD`);
  }

  function takeFault(target: string): (TwilioFaultSpec & { left: number }) | undefined {
    const hits = (f: TwilioFaultSpec) => (typeof f.path === 'string' ? target.includes(f.path) : f.path.test(target));
    const fault = faults.find((f) => f.left > 0 && hits(f));
    if (fault) fault.left--;
    return fault;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const entry: TwilioEmulatorRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      at: now(),
      status: 0,
    };
    requests.push(entry);
    const fault = takeFault(req.url ?? '/');
    entry.fault = fault?.kind;
    const respond = () => {
      const { status, body, headers } = answer(req, url);
      send(res, entry, status, body, headers);
    };
    switch (fault?.kind) {
      case undefined:
        return respond();
      case 'rate-limit':
        return send(res, entry, 429, errorBody(429, 20429, 'Too Many Requests'), {
          'Retry-After': String(fault.retryAfterSeconds ?? 1),
        });
      case 'server-error':
        return send(res, entry, 500, errorBody(500, 20500, 'Internal Server Error'));
      case 'malformed': {
        const { body } = answer(req, url);
        return send(res, entry, 200, body.slice(0, Math.max(1, Math.floor(body.length / 2))));
      }
      case 'hang': {
        if (fault.delayMs === undefined) return; // held open until the client gives up or stop()
        const timer = setTimeout(() => {
          timers.delete(timer);
          respond();
        }, fault.delayMs);
        timers.add(timer);
        return;
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accounts,
    requests,
    get servedCount() {
      return served;
    },
    addCalls: (sid, calls) => account(sid).addCalls(calls),
    priceCall(callSid, price) {
      const store = [...accounts.values()].find((s) => s.get(callSid));
      if (!store) throw new Error(`no call ${callSid}`);
      store.setPrice(callSid, price, now());
    },
    finalizeAll(sid) {
      const stores = sid === undefined ? [...accounts.values()] : [account(sid)];
      return stores.reduce((n, s) => n + s.finalizeAll(now()), 0);
    },
    setUsage: (sid, override) => account(sid).setUsage(override),
    setFault: (fault) => void faults.push({ ...fault, left: fault.times ?? 1 }),
    clearFaults: () => void faults.splice(0),
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
