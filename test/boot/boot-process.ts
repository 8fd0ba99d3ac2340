import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

// The compiled entry point, as `npm start` runs it (`npm test` builds first).
const MAIN = resolve('dist/src/main.js');

export interface AppProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when a signal killed it). */
  exited: Promise<number | null>;
  output(): { stderr: string; stdout: string };
}

/** Starts dist/src/main.js in `cwd` with only these variables (plus PATH and HOME). */
export function runMain(env: Record<string, string>, cwd: string): AppProcess {
  const child = spawn(process.execPath, [MAIN], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env } });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, exited, output: () => ({ stderr, stdout }) };
}

export async function waitForHealth(url: string, child: ChildProcess, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(url);
      return { status: res.status, body: await res.json() };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`the app never answered /api/health (exit code ${child.exitCode})`);
}

/** Milliseconds `p` takes to exit, and its exit code; gives up (killing it) after `limitMs`. */
export async function timeExit(p: AppProcess, limitMs: number): Promise<{ ms: number; code: number | null }> {
  const started = Date.now();
  const killer = setTimeout(() => p.child.kill('SIGKILL'), limitMs);
  const code = await p.exited;
  clearTimeout(killer);
  return { ms: Date.now() - started, code };
}
