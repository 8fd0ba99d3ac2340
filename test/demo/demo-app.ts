import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { envSchema } from '../../src/config/env.schema.js';

/** The preferred port when it is free on 127.0.0.1, else any free one. */
export async function portOrFree(preferred: number): Promise<number> {
  return (await listenOnce(preferred)) ?? (await listenOnce(0))!;
}

function listenOnce(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : null));
    });
  });
}

export interface DemoApp {
  url: string;
  child: ChildProcess;
  logFile: string;
  /** SIGTERM (the app then stops its embedded PostgreSQL), SIGKILL if it has not exited in time. */
  stop(): Promise<void>;
}

export interface StartAppOptions {
  root: string;
  dataDir: string;
  port: number;
  /** Settings of the demo; every other setting the app knows is cleared, so a developer's .env cannot leak in. */
  settings: Record<string, string>;
}

/** Starts the built app (`node dist/src/main.js`) with its output going to DATA_DIR/app.log. */
export function startApp(options: StartAppOptions): DemoApp {
  const cleared = Object.fromEntries(Object.keys(envSchema.shape).map((name) => [name, '']));
  const env = {
    ...process.env,
    ...cleared,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    DATA_DIR: options.dataDir,
    ...options.settings,
  };
  const logFile = join(options.dataDir, 'app.log');
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [join(options.root, 'dist/src/main.js')], {
    cwd: options.root,
    env,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${options.port}`,
    child,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves once GET /api/health answers 200; rejects when the app exits first or time runs out. */
export async function waitForHealth(app: DemoApp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new Error(`the app exited during startup (code ${app.child.exitCode ?? app.child.signalCode}):\n${tail(app.logFile)}`);
    }
    const status = await fetch(`${app.url}/api/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(250);
  }
  throw new Error(`the app did not answer ${app.url}/api/health within ${timeoutMs / 1000} s:\n${tail(app.logFile)}`);
}

export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** JSON over HTTP with the API token; a status other than the expected ones is an ApiError. */
export function apiClient(baseUrl: string, token: string) {
  return async function call<T>(method: string, path: string, body?: unknown, expect: number[] = [200, 201, 202]): Promise<T> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!expect.includes(res.status)) throw new ApiError(res.status, `${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}
