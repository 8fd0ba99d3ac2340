import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A local Slack: the Web API methods the product calls (`auth.test`, `chat.postMessage`,
 * `apps.connections.open`) under `/api/`, response_url endpoints under `/response/<id>`, and a Socket
 * Mode WebSocket at `/socket`. It checks the tokens as Slack does (HTTP 200 with `ok: false, error:
 * invalid_auth`), records what was posted, and fails on demand.
 */

export type SlackFault =
  { type: 'server-error'; status?: number; times?: number } | { type: 'not-ok'; error?: string; times?: number } | { type: 'rate-limit'; retryAfterSecs?: number; times?: number };

export interface PostedMessage {
  channel: string;
  text?: string;
  blocks?: Array<Record<string, unknown>>;
  ts: string;
  receivedAt: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface SlackRecordedRequest {
  method: string;
  status: number;
  ok: boolean | null;
  fault?: SlackFault['type'];
}

export interface SlackHold {
  /** Resolves when the first held call has arrived. */
  arrived: Promise<void>;
  /** How many calls are waiting now. */
  readonly waiting: number;
  /** Answers every held call and stops holding. */
  release(): void;
}

export interface SlackEmulator {
  url: string;
  /** What SLACK_API_URL should be. */
  apiUrl: string;
  botToken: string;
  messages: PostedMessage[];
  responses: ResponseUrlPost[];
  requests: SlackRecordedRequest[];
  /** A response_url this emulator answers (and records). */
  responseUrl(id: string): string;
  /** The next `times` (default 1) calls of Web API `method` answer with the fault. */
  setFault(method: string, fault: SlackFault): void;
  clearFaults(): void;
  /**
   * Calls of Web API `method` wait, unanswered, until `release()` (then any armed fault applies):
   * lets a test look at the database while the app's post is in flight.
   */
  hold(method: string): SlackHold;
  appToken: string;
  /** Resolves once a Socket Mode client has connected (and been sent `hello`). */
  socketConnected(timeoutMs?: number): Promise<void>;
  /** Sends a slash command over the socket, as Slack does, and resolves with the app's ack payload. */
  socketCommand(payload: Record<string, string>, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves when `predicate` holds over what was recorded, or rejects after `timeoutMs`. */
  waitFor(predicate: (e: SlackEmulator) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const TEAM = { id: 'T0EMULATED', name: 'Emulated Team', botUserId: 'U0COSTSBOT', botId: 'B0COSTSBOT' };

export async function startSlackEmulator(options: { botToken?: string; appToken?: string; port?: number } = {}): Promise<SlackEmulator> {
  const botToken = options.botToken ?? 'xoxb-emulated-0000000000-costs';
  const appToken = options.appToken ?? 'xapp-1-A0COSTSAPP-emulated';
  let socket: WebSocket | null = null;
  const acks = new Map<string, (payload: Record<string, unknown>) => void>();
  const faults = new Map<string, { fault: SlackFault; remaining: number }>();
  const holds = new Map<string, { arrive: () => void; released: Promise<void>; count: number }>();
  let seq = 0;
  const emulator = {
    botToken,
    appToken,
    messages: [] as PostedMessage[],
    responses: [] as ResponseUrlPost[],
    requests: [] as SlackRecordedRequest[],
  } as SlackEmulator;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { ok: false, error: `emulator: ${String(err)}` }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const raw = await readBody(req);
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: 'method_not_allowed' });
    if (url.pathname.startsWith('/response/')) {
      emulator.responses.push({ id: url.pathname.slice('/response/'.length), body: JSON.parse(raw || '{}'), receivedAt: Date.now() });
      return send(res, 200, 'ok');
    }
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (!api) return send(res, 404, { ok: false, error: 'unknown_method' });
    const method = api[1];
    const body = parseBody(raw, req.headers['content-type']);
    const record = (status: number, ok: boolean | null, fault?: SlackFault['type']) => emulator.requests.push({ method, status, ok, fault });

    const hold = holds.get(method);
    if (hold) {
      hold.count++;
      hold.arrive();
      await hold.released;
      hold.count--;
    }

    const armed = faults.get(method);
    if (armed && armed.remaining > 0) {
      armed.remaining--;
      const f = armed.fault;
      record(f.type === 'server-error' ? (f.status ?? 500) : f.type === 'rate-limit' ? 429 : 200, f.type === 'not-ok' ? false : null, f.type);
      if (f.type === 'server-error') return send(res, f.status ?? 500, 'upstream connect error');
      if (f.type === 'rate-limit') return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(f.retryAfterSecs ?? 1) });
      return send(res, 200, { ok: false, error: f.error ?? 'internal_error' });
    }

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (typeof body.token === 'string' ? body.token : undefined);
    if (!bearer) {
      record(200, false);
      return send(res, 200, { ok: false, error: 'not_authed' });
    }
    if (method === 'apps.connections.open') {
      // Only an app-level token opens a socket.
      record(200, bearer === appToken);
      if (bearer !== appToken) return send(res, 200, { ok: false, error: 'invalid_auth' });
      return send(res, 200, { ok: true, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/socket?ticket=${randomUUID()}` });
    }
    if (bearer !== botToken) {
      record(200, false);
      return send(res, 200, { ok: false, error: 'invalid_auth' });
    }

    if (method === 'auth.test') {
      record(200, true);
      return send(res, 200, {
        ok: true,
        url: 'https://emulated.slack.com/',
        team: TEAM.name,
        user: 'costs',
        team_id: TEAM.id,
        user_id: TEAM.botUserId,
        bot_id: TEAM.botId,
        is_enterprise_install: false,
      });
    }
    if (method === 'chat.postMessage') {
      const channel = typeof body.channel === 'string' ? body.channel : '';
      const blocks = typeof body.blocks === 'string' ? JSON.parse(body.blocks) : (body.blocks as PostedMessage['blocks']);
      const text = typeof body.text === 'string' ? body.text : undefined;
      if (!channel) {
        record(200, false);
        return send(res, 200, { ok: false, error: 'channel_not_found' });
      }
      if (!text && !blocks?.length) {
        record(200, false);
        return send(res, 200, { ok: false, error: 'no_text' });
      }
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
      emulator.messages.push({ channel, text, blocks, ts, receivedAt: Date.now() });
      record(200, true);
      return send(res, 200, {
        ok: true,
        channel,
        ts,
        message: { type: 'message', subtype: 'bot_message', text: text ?? '', user: TEAM.botUserId, bot_id: TEAM.botId, ts, blocks },
      });
    }
    record(404, false);
    return send(res, 404, { ok: false, error: 'unknown_method' });
  }

  const sockets = new WebSocketServer({ server, path: '/socket' });
  sockets.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (m.envelope_id) acks.get(m.envelope_id)?.(m.payload ?? {});
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'emulator' }, connection_info: { app_id: 'A0COSTSAPP' } }));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(emulator, {
    url,
    apiUrl: `${url}/api/`,
    responseUrl: (id: string) => `${url}/response/${id}`,
    socketConnected: (timeoutMs = 10_000) => emulator.waitFor(() => socket !== null, timeoutMs),
    socketCommand(payload: Record<string, string>, timeoutMs = 10_000) {
      if (!socket) return Promise.reject(new Error('slack emulator: no Socket Mode client connected'));
      const envelopeId = randomUUID();
      const acked = new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('slack emulator: no ack over the socket')), timeoutMs);
        acks.set(envelopeId, (p) => {
          clearTimeout(timer);
          resolve(p);
        });
      });
      socket.send(JSON.stringify({ envelope_id: envelopeId, type: 'slash_commands', accepts_response_payload: true, payload }));
      return acked;
    },
    setFault: (method: string, fault: SlackFault) => faults.set(method, { fault, remaining: fault.times ?? 1 }),
    clearFaults: () => faults.clear(),
    hold(method: string): SlackHold {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((r) => (arrive = r));
      const entry = { arrive, released: new Promise<void>((r) => (release = r)), count: 0 };
      holds.set(method, entry);
      return {
        arrived,
        get waiting() {
          return entry.count;
        },
        release() {
          if (holds.get(method) === entry) holds.delete(method);
          release();
        },
      };
    },
    async waitFor(predicate: (e: SlackEmulator) => boolean, timeoutMs = 10_000) {
      for (const deadline = Date.now() + timeoutMs; !predicate(emulator); await new Promise((r) => setTimeout(r, 20))) {
        if (Date.now() > deadline) throw new Error('slack emulator: timed out waiting');
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return emulator;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API takes form-encoded bodies (objects JSON-encoded inside) or JSON. */
function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (type?.startsWith('application/json')) return JSON.parse(raw);
  return Object.fromEntries(new URLSearchParams(raw));
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8', ...headers });
  res.end(text);
}
