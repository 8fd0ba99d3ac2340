import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmulatorsFinalized, EmulatorsReady, EmulatorsRequests, EmulatorsUsage, ParentMessage } from './emulators.child.js';

export interface EmulatorsChild {
  ready: Promise<EmulatorsReady>;
  usage(): Promise<EmulatorsUsage>;
  /** Twilio requests served so far, by kind. */
  requests(): Promise<EmulatorsRequests>;
  /** Twilio prices every leg still unpriced. */
  finalize(): Promise<EmulatorsFinalized>;
  stop(): void;
}

/** Starts bench/support/emulators.child in a process of its own and talks to it over IPC. */
export function startEmulators(counts: { calls: number; conversations: number }, latePrices = false): EmulatorsChild {
  const script = fileURLToPath(new URL('./emulators.child.js', import.meta.url));
  const args = ['--calls', String(counts.calls), '--conversations', String(counts.conversations), ...(latePrices ? ['--late-prices'] : [])];
  const proc: ChildProcess = fork(script, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Not this process's flags: `node --cpu-prof` on the bench must not profile the emulators too.
    execArgv: [],
  });
  const send = (m: ParentMessage) => proc.connected && proc.send(m);
  const next = <T extends { type: string }>(type: T['type']) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: T) => {
        if (m.type !== type) return;
        proc.off('exit', onExit);
        proc.off('message', onMessage);
        resolve(m);
      };
      const onExit = (code: number | null) => reject(new Error(`the emulators' process exited (${code}) before answering`));
      proc.on('message', onMessage);
      proc.once('exit', onExit);
    });
  const ask = <T extends { type: string }>(message: ParentMessage, answer: T['type']) => {
    const answered = next<T>(answer);
    send(message);
    return answered;
  };
  return {
    ready: next<EmulatorsReady>('ready'),
    usage: () => ask<EmulatorsUsage>({ type: 'usage' }, 'usage'),
    requests: () => ask<EmulatorsRequests>({ type: 'requests' }, 'requests'),
    finalize: () => ask<EmulatorsFinalized>({ type: 'finalize' }, 'finalized'),
    stop() {
      send({ type: 'stop' });
      proc.disconnect?.();
    },
  };
}
