import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/free-port.js';

export interface AppProcess {
  baseUrl: string;
  /** Resolves once /api/health answers. */
  ready: Promise<void>;
  /** User + system CPU seconds of the app process so far (Linux /proc), else null. */
  cpuSeconds: () => number | null;
  stop(): Promise<void>;
}

/** The server as deployed (dist/src/main.js) with the bench's settings only; cwd is a folder without a .env. */
export async function startApp(env: Record<string, string | undefined>, cwd: string): Promise<AppProcess> {
  const port = await freePort();
  const main = fileURLToPath(new URL('../../src/main.js', import.meta.url));
  const proc: ChildProcess = spawn(process.execPath, [main], { cwd, env: { ...env, HOST: '127.0.0.1', PORT: String(port) }, stdio: 'inherit' });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      if (proc.exitCode !== null) throw new Error(`the app exited with code ${proc.exitCode} before listening`);
      if (
        await fetch(`${baseUrl}/api/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
    }
    throw new Error('the app did not answer /api/health within 60 s');
  })();
  return {
    baseUrl,
    ready,
    cpuSeconds: () => processCpuSeconds(proc.pid),
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function processCpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
