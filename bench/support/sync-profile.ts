import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { ElevenlabsAdapter } from '../../src/elevenlabs/elevenlabs.adapter.js';
import { CallStore } from '../../src/sync/call-store.repository.js';
import { SyncStateRepository } from '../../src/sync/sync-state.repository.js';
import { TwilioAdapter } from '../../src/twilio/twilio.adapter.js';

/**
 * `--profile`: where a sync's wall time goes, per source. Wraps the adapters' and stores' methods on
 * their prototypes (so the floor and the Nest-built sync are measured alike) and splits each
 * source's chain into listing, detail fetching, database writes and the rest. Sums of awaited
 * segments per source; the two workspaces run side by side, so a source's sum can exceed the run.
 */

type Source = 'twilio' | 'elevenlabs';
interface PageFrame {
  source: Source;
  /** Time spent awaiting the database inside the current page callback. */
  db: number;
}

const frames = new AsyncLocalStorage<PageFrame>();
const timers = new Map<string, { count: number; ms: number }>();

function add(name: string, ms: number, count = 1): void {
  const t = timers.get(name) ?? { count: 0, ms: 0 };
  t.count += count;
  t.ms += ms;
  timers.set(name, t);
}

/** Replaces `proto[method]` by a timed copy; `after` sees the duration and the call's page frame. */
function wrap<T extends object>(proto: T, method: keyof T & string, after: (ms: number, frame: PageFrame | undefined) => void): void {
  const original = proto[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  (proto as Record<string, unknown>)[method] = async function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      after(performance.now() - started, frames.getStore());
    }
  };
}

/** Listing = the lister's whole time less the time its page callbacks took. */
function wrapLister<T extends object>(proto: T, method: keyof T & string, source: Source): void {
  const original = proto[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  (proto as Record<string, unknown>)[method] = async function (this: unknown, ...args: unknown[]) {
    const onPage = args[2] as (page: unknown[]) => Promise<void>;
    let inCallbacks = 0;
    args[2] = async (page: unknown[]) => {
      const frame: PageFrame = { source, db: 0 };
      const started = performance.now();
      try {
        await frames.run(frame, () => onPage(page));
      } finally {
        const ms = performance.now() - started;
        inCallbacks += ms;
        add(`${source}: page callback, awaiting the database`, frame.db, 0);
        add(`${source}: page callback, everything else${source === 'elevenlabs' ? ' (detail GETs)' : ''}`, ms - frame.db, 0);
      }
    };
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      add(`${source}: listing pages (HTTP + parse)`, performance.now() - started - inCallbacks);
    }
  };
}

let installed = false;

export function installSyncProfile(): void {
  if (installed) return;
  installed = true;
  wrapLister(TwilioAdapter.prototype, 'listCalls', 'twilio');
  wrapLister(ElevenlabsAdapter.prototype, 'listConversations', 'elevenlabs');
  wrap(ElevenlabsAdapter.prototype, 'getConversation', (ms) => add('elevenlabs: each detail GET (overlapping)', ms));
  const db = (name: string) => (ms: number, frame: PageFrame | undefined) => {
    add(`${frame?.source ?? 'outside pages'}: db ${name}`, ms);
    if (frame) frame.db += ms;
  };
  wrap(CallStore.prototype, 'upsertTwilioCalls', db('upsertTwilioCalls'));
  wrap(CallStore.prototype, 'upsertConversations', db('upsertConversations'));
  wrap(CallStore.prototype, 'finalConversationIds', db('finalConversationIds'));
  wrap(SyncStateRepository.prototype, 'addProgress', db('addProgress'));
}

/** Prints and clears what was gathered since the last call. */
export function printSyncProfile(title: string): void {
  if (!installed) return;
  console.log(`\n  profile: ${title} (seconds summed per awaited segment)`);
  for (const [name, t] of [...timers.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const mean = t.count ? `  ${String(t.count).padStart(7)} calls, ${(t.ms / t.count).toFixed(1).padStart(7)} ms each` : '';
    console.log(`    ${name.padEnd(62)} ${(t.ms / 1000).toFixed(2).padStart(8)} s${mean}`);
  }
  timers.clear();
}

/**
 * `--cpu-prof-dir DIR`: a V8 CPU profile of one phase only (`DIR/<label>.cpuprofile`, open it in
 * Chrome DevTools), so the sync's own work can be told apart from the floor's.
 */
export async function withCpuProfile<T>(dir: string | undefined, label: string, fn: () => Promise<T>): Promise<T> {
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
