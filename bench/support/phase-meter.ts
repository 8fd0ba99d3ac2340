import { loadavg } from 'node:os';
import type { SyncRunView } from '../../src/sync/dto/sync-run.view.js';
import type { EmulatorsChild } from './emulators.client.js';
import { withCpuProfile } from './sync-profile.js';
import type { ThrowawayDatabase } from './throwaway-database.js';

export interface Phase<T> {
  result: T;
  seconds: number;
  cpu: { bench: number; emulators: number; postgres: number | null };
  /** WAL written by the PostgreSQL server during the phase (server-wide). */
  walBytes: number;
  /** Highest RSS of this process sampled during the phase. */
  peakRss: number;
  /** The machine's 1-minute load average at the end: above the core count, other work skewed the timing. */
  load: number;
}

export type Measure = <T>(label: string, fn: () => Promise<T>) => Promise<Phase<T>>;

/** Runs one phase and reports its wall time, the CPU of each process involved and this process's peak RSS. */
export function phaseMeter(child: EmulatorsChild, db: ThrowawayDatabase, cpuProfDir: string | undefined): Measure {
  return async <T>(label: string, fn: () => Promise<T>): Promise<Phase<T>> => {
    const cpu0 = process.cpuUsage();
    const emu0 = (await child.usage()).cpuSeconds;
    const pg0 = db.serverCpuSeconds();
    const wal0 = await db.serverWalBytes();
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
    const started = performance.now();
    try {
      const result = await withCpuProfile(cpuProfDir, label, fn);
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const pg1 = db.serverCpuSeconds();
      return {
        result,
        seconds,
        peakRss: Math.max(peakRss, process.memoryUsage.rss()),
        load: loadavg()[0],
        walBytes: (await db.serverWalBytes()) - wal0,
        cpu: {
          bench: (cpu.user + cpu.system) / 1e6,
          emulators: (await child.usage()).cpuSeconds - emu0,
          postgres: pg0 === null || pg1 === null ? null : pg1 - pg0,
        },
      };
    } finally {
      clearInterval(sampler);
    }
  };
}

export function cpuText(p: Phase<unknown>): string {
  const pg = p.cpu.postgres === null ? 'n/a' : `${p.cpu.postgres.toFixed(1)} s`;
  return `[CPU: bench ${p.cpu.bench.toFixed(1)} s, emulators ${p.cpu.emulators.toFixed(1)} s, postgres ${pg}; load ${p.load.toFixed(1)}]`;
}

/** One line per source of a run: status, time, pages and rows. */
export function printSources(run: SyncRunView): void {
  for (const s of run.sources) {
    const seconds = s.finishedAt ? ((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000).toFixed(1) : '?';
    const error = s.lastError ? `  error: ${s.lastError}` : '';
    console.log(
      `    ${`${s.workspace ?? '(account)'} ${s.source}`.padEnd(26)} ${s.status.padEnd(10)} ${seconds.padStart(6)} s  pages ${String(s.pages).padStart(5)}  rows ${String(s.rows).padStart(7)}${error}`,
    );
  }
}
