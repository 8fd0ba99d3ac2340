import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as wire from '@elevenlabs/elevenlabs-js/serialization/index.js';
import { ELEVENLABS_USAGE_PATH, ElevenlabsUsageBook } from './elevenlabs.usage.js';

// The wire shapes are the client's own serialization schemas (snake_case, as sent over HTTP), so the
// type checker refuses an emulator response that the official client would refuse with a ParseError.
export type ElevenlabsConversation = wire.GetConversationResponseModel.Raw;
export type ElevenlabsConversationSummary = wire.ConversationSummaryResponseModel.Raw;
export type ElevenlabsConversationsPage = wire.GetConversationsPageResponseModel.Raw;

export type ElevenlabsFault =
  | { type: 'rate-limit'; times?: number; retryAfterSecs?: number }
  | { type: 'server-error'; times?: number; status?: number }
  | { type: 'malformed'; times?: number }
  | { type: 'delay'; times?: number; ms: number };

export interface ElevenlabsRecordedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  apiKey: string | undefined;
  /** The parsed JSON body of a POST (usage analytics). */
  body?: unknown;
  status: number;
  fault?: ElevenlabsFault['type'];
  receivedAt: number;
}

/** How `call_start_after_unix` / `call_start_before_unix` compare; the vendor does not document it. */
export type ElevenlabsBound = 'inclusive' | 'exclusive';

export interface ElevenlabsEmulatorOptions {
  /** API key → that workspace's conversations. More can be added later with addKey. */
  keys?: Record<string, readonly ElevenlabsConversation[]>;
  port?: number;
  /** Defaults: after exclusive (start > after), before exclusive (start < before). */
  startAfter?: ElevenlabsBound;
  startBefore?: ElevenlabsBound;
  /** Keep a log of requests (default true); turn off for long benchmarks. */
  logRequests?: boolean;
}

export interface ElevenlabsEmulator {
  url: string;
  port: number;
  requests: ElevenlabsRecordedRequest[];
  addKey(apiKey: string, conversations: readonly ElevenlabsConversation[]): void;
  removeKey(apiKey: string): void;
  /** The next `times` (default 1) requests whose path matches answer with the fault. `*` matches one path segment. */
  setFault(pattern: string | RegExp, fault: ElevenlabsFault): void;
  clearFaults(): void;
  /** Workspace usage analytics: override a day's credits, or refuse a key the permission (see elevenlabs.usage.ts). */
  usage: Pick<ElevenlabsUsageBook, 'setDailyCredits' | 'clearDailyCredits' | 'setPermission'>;
  stop(): Promise<void>;
}

export const ELEVENLABS_LIST_PATH = '/v1/convai/conversations';
const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 100;

interface Workspace {
  byId: Map<string, ElevenlabsConversation>;
  /** Newest first, ties broken by conversation_id descending: the order of the list endpoint. */
  all: ElevenlabsConversation[];
  byAgent: Map<string, ElevenlabsConversation[]>;
}

interface ArmedFault {
  pattern: RegExp;
  fault: ElevenlabsFault;
  remaining: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

const startOf = (c: ElevenlabsConversation): number => c.metadata.start_time_unix_secs;

function compareNewestFirst(a: ElevenlabsConversation, b: ElevenlabsConversation): number {
  const dt = startOf(b) - startOf(a);
  if (dt !== 0) return dt;
  return a.conversation_id < b.conversation_id ? 1 : a.conversation_id > b.conversation_id ? -1 : 0;
}

/** First index whose element satisfies `pred`; `pred` must be false…false true…true over the array. */
function lowerBound<T>(items: readonly T[], pred: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(items[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function buildWorkspace(conversations: readonly ElevenlabsConversation[]): Workspace {
  const byId = new Map<string, ElevenlabsConversation>();
  for (const c of conversations) {
    const { start_time_unix_secs: start, call_duration_secs: secs, cost } = c.metadata;
    if (!Number.isInteger(start) || !Number.isInteger(secs) || (cost != null && !Number.isInteger(cost))) {
      throw new Error(`conversation ${c.conversation_id}: start, duration and cost must be integers`);
    }
    if (byId.has(c.conversation_id)) throw new Error(`duplicate conversation ${c.conversation_id}`);
    byId.set(c.conversation_id, c);
  }
  const all = [...conversations].sort(compareNewestFirst);
  const byAgent = new Map<string, ElevenlabsConversation[]>();
  for (const c of all) {
    const list = byAgent.get(c.agent_id);
    if (list) list.push(c);
    else byAgent.set(c.agent_id, [c]);
  }
  return { byId, all, byAgent };
}

function validationError(param: string, type: string, msg: string, input: unknown): HttpError {
  // FastAPI's request-validation shape, which the vendor's API answers with on bad query parameters.
  return new HttpError(422, { detail: [{ type, loc: ['query', param], msg, input }] });
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) {
    throw validationError(name, 'int_parsing', 'Input should be a valid integer, unable to parse string as an integer', raw);
  }
  return Number(raw);
}

function enumParam(query: URLSearchParams, name: string, allowed: readonly string[]): string | null {
  const raw = query.get(name);
  if (raw !== null && !allowed.includes(raw)) {
    throw validationError(name, 'enum', `Input should be ${allowed.map((a) => `'${a}'`).join(', ')}`, raw);
  }
  return raw;
}

interface CursorKey {
  t: number;
  id: string;
}

function encodeCursor(c: ElevenlabsConversation): string {
  return Buffer.from(JSON.stringify({ t: startOf(c), id: c.conversation_id })).toString('base64url');
}

function decodeCursor(raw: string): CursorKey {
  try {
    const key = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as CursorKey;
    if (Number.isInteger(key.t) && typeof key.id === 'string') return key;
  } catch {
    // fall through to the vendor-style refusal below
  }
  throw new HttpError(400, { detail: { status: 'invalid_cursor', message: 'Invalid cursor' } });
}

function toSummary(c: ElevenlabsConversation, withSummary: boolean): ElevenlabsConversationSummary {
  const m = c.metadata;
  return {
    agent_id: c.agent_id,
    agent_name: c.agent_name ?? null,
    branch_id: c.branch_id ?? null,
    version_id: c.version_id ?? null,
    conversation_id: c.conversation_id,
    start_time_unix_secs: m.start_time_unix_secs,
    call_duration_secs: m.call_duration_secs,
    message_count: c.transcript.length,
    status: c.status,
    termination_reason: m.termination_reason ?? null,
    call_successful: c.analysis?.call_successful ?? 'unknown',
    ...(withSummary ? { transcript_summary: c.analysis?.transcript_summary ?? null } : {}),
    call_summary_title: c.analysis?.call_summary_title ?? null,
    main_language: m.main_language ?? null,
    conversation_initiation_source: m.conversation_initiation_source ?? null,
    direction: m.phone_call?.direction ?? null,
    rating: m.feedback?.rating ?? null,
    tag_ids: c.tag_ids ?? [],
  };
}

/** A body that is not JSON reaches the route as its text, which the usage endpoint refuses with 422. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startElevenlabsEmulator(options: ElevenlabsEmulatorOptions = {}): Promise<ElevenlabsEmulator> {
  const workspaces = new Map<string, Workspace>();
  const faults: ArmedFault[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const requests: ElevenlabsRecordedRequest[] = [];
  const usage = new ElevenlabsUsageBook();
  const afterInclusive = options.startAfter === 'inclusive';
  const beforeInclusive = options.startBefore === 'inclusive';
  const logRequests = options.logRequests ?? true;
  for (const [key, conversations] of Object.entries(options.keys ?? {})) workspaces.set(key, buildWorkspace(conversations));

  function listPage(ws: Workspace, query: URLSearchParams): ElevenlabsConversationsPage {
    const pageSize = intParam(query, 'page_size') ?? DEFAULT_PAGE_SIZE;
    if (pageSize < 1) throw validationError('page_size', 'greater_than_equal', 'Input should be greater than or equal to 1', String(pageSize));
    if (pageSize > MAX_PAGE_SIZE) {
      throw validationError('page_size', 'less_than_equal', `Input should be less than or equal to ${MAX_PAGE_SIZE}`, String(pageSize));
    }
    const before = intParam(query, 'call_start_before_unix');
    const after = intParam(query, 'call_start_after_unix');
    const minSecs = intParam(query, 'call_duration_min_secs');
    const maxSecs = intParam(query, 'call_duration_max_secs');
    const successful = enumParam(query, 'call_successful', ['success', 'failure', 'unknown', 'error']);
    const excluded = new Set(query.getAll('exclude_statuses'));
    const ascending = enumParam(query, 'sort_direction', ['asc', 'desc']) === 'asc';
    const cursorRaw = query.get('cursor');
    const cursor = cursorRaw ? decodeCursor(cursorRaw) : undefined;
    const agentId = query.get('agent_id');
    const items = agentId ? (ws.byAgent.get(agentId) ?? []) : ws.all;

    // [lo, hi) is the slice of the newest-first array inside the time window.
    let lo = before === undefined ? 0 : lowerBound(items, (c) => (beforeInclusive ? startOf(c) <= before : startOf(c) < before));
    let hi = after === undefined ? items.length : lowerBound(items, (c) => (afterInclusive ? startOf(c) < after : startOf(c) <= after));
    if (cursor) {
      const olderThanCursor = (c: ElevenlabsConversation): boolean => startOf(c) < cursor.t || (startOf(c) === cursor.t && c.conversation_id < cursor.id);
      const atOrOlder = (c: ElevenlabsConversation): boolean => startOf(c) < cursor.t || (startOf(c) === cursor.t && c.conversation_id <= cursor.id);
      if (ascending) hi = Math.min(hi, lowerBound(items, atOrOlder));
      else lo = Math.max(lo, lowerBound(items, olderThanCursor));
    }
    const matches = (c: ElevenlabsConversation): boolean =>
      (successful === null || (c.analysis?.call_successful ?? 'unknown') === successful) &&
      (minSecs === undefined || c.metadata.call_duration_secs >= minSecs) &&
      (maxSecs === undefined || c.metadata.call_duration_secs <= maxSecs) &&
      !excluded.has(c.status);

    const page: ElevenlabsConversation[] = [];
    let hasMore = false;
    const step = ascending ? -1 : 1;
    for (let i = ascending ? hi - 1 : lo; ascending ? i >= lo : i < hi; i += step) {
      if (!matches(items[i])) continue;
      if (page.length === pageSize) {
        hasMore = true;
        break;
      }
      page.push(items[i]);
    }
    const withSummary = enumParam(query, 'summary_mode', ['exclude', 'include']) === 'include';
    return {
      conversations: page.map((c) => toSummary(c, withSummary)),
      has_more: hasMore,
      next_cursor: hasMore ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  function route(req: IncomingMessage, path: string, query: URLSearchParams, record: ElevenlabsRecordedRequest): unknown {
    const { apiKey } = record;
    const isList = path === ELEVENLABS_LIST_PATH;
    const isUsage = path === ELEVENLABS_USAGE_PATH;
    const detailMatch = /^\/v1\/convai\/conversations\/([^/]+)$/.exec(path);
    if (!isList && !detailMatch && !isUsage) throw new HttpError(404, { detail: 'Not Found' });
    if (req.method !== (isUsage ? 'POST' : 'GET')) throw new HttpError(405, { detail: 'Method Not Allowed' });
    if (!apiKey) {
      throw new HttpError(401, {
        detail: { status: 'needs_authorization', message: 'Neither authorization header nor xi-api-key received, please provide one.' },
      });
    }
    const ws = workspaces.get(apiKey);
    if (!ws) throw new HttpError(401, { detail: { status: 'invalid_api_key', message: 'Invalid API key' } });
    if (isUsage) {
      const outcome = usage.answer(apiKey, ws.all, record.body);
      if (outcome.status !== 200) throw new HttpError(outcome.status, outcome.body);
      return outcome.body;
    }
    if (isList) return listPage(ws, query);
    const id = decodeURIComponent(detailMatch![1]);
    const conversation = ws.byId.get(id);
    if (!conversation) {
      throw new HttpError(404, { detail: { status: 'conversation_not_found', message: `Conversation ${id} not found` } });
    }
    return conversation;
  }

  function takeFault(path: string): ElevenlabsFault | undefined {
    const armed = faults.find((f) => f.remaining > 0 && f.pattern.test(path));
    if (!armed) return undefined;
    armed.remaining -= 1;
    return armed.fault;
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    if (res.destroyed) return;
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-request-id': randomUUID(),
      ...headers,
    });
    res.end(body);
  }

  function handle(req: IncomingMessage, res: ServerResponse, record: ElevenlabsRecordedRequest, fault?: ElevenlabsFault): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (fault?.type === 'rate-limit') {
      const retryAfter = String(fault.retryAfterSecs ?? 1);
      record.status = 429;
      const body = {
        detail: { status: 'too_many_concurrent_requests', message: 'Too many concurrent requests. Please retry later.' },
      };
      return send(res, 429, JSON.stringify(body), { 'retry-after': retryAfter });
    }
    if (fault?.type === 'server-error') {
      record.status = fault.status ?? 500;
      return send(res, record.status, JSON.stringify({ detail: { status: 'internal_error', message: 'Internal server error' } }));
    }
    let status = 200;
    let body: string;
    try {
      body = JSON.stringify(route(req, url.pathname, url.searchParams, record));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      status = error.status;
      body = JSON.stringify(error.body);
    }
    if (fault?.type === 'malformed' && status === 200) body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    record.status = status;
    send(res, status, body);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const header = req.headers['xi-api-key'];
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      query[key] = values.length === 1 ? values[0] : values;
    }
    const record: ElevenlabsRecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      apiKey: Array.isArray(header) ? header[0] : header,
      status: 0,
      receivedAt: Date.now(),
    };
    if (logRequests) requests.push(record);
    const fault = takeFault(url.pathname);
    if (fault) record.fault = fault.type;
    const run = (): void => {
      try {
        handle(req, res, record, fault);
      } catch (error) {
        record.status = 500;
        send(res, 500, JSON.stringify({ detail: { status: 'internal_error', message: String(error) } }));
      }
    };
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text) record.body = parseJson(text);
      if (fault?.type === 'delay') {
        const timer = setTimeout(() => {
          timers.delete(timer);
          run();
        }, fault.ms);
        timers.add(timer);
      } else {
        run();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    addKey(apiKey, conversations) {
      workspaces.set(apiKey, buildWorkspace(conversations));
    },
    removeKey(apiKey) {
      workspaces.delete(apiKey);
    },
    setFault(pattern, fault) {
      const regex =
        typeof pattern === 'string'
          ? new RegExp(
              `^${pattern
                .split('*')
                .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
                .join('[^/]*')}$`,
            )
          : pattern;
      faults.push({ pattern: regex, fault, remaining: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    usage,
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
