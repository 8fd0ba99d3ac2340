import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { resolveDatabase } from '../database/resolve-database.js';
import { SyncTrigger } from '../entities/index.js';
import type { SyncRunView } from './dto/sync-run.view.js';
import { SyncAlreadyRunningError, SyncService } from './sync.service.js';

/**
 * `npm run sync`: one sync now, with progress per workspace and source.
 * Exit code 0 when every source succeeded, 2 when some failed (partial), 1 when the run failed.
 */
async function main(): Promise<number> {
  const config = loadConfig({ onNotice: (m) => console.error(m) });
  const db = await resolveDatabase(config, (m) => console.error(m));
  const app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: db.url, schedule: false, http: false }), {
    logger: ['error', 'warn'],
  });
  try {
    const sync = app.get(SyncService);
    const run = await sync.start(SyncTrigger.Cli).catch((err: unknown) => {
      if (err instanceof SyncAlreadyRunningError) {
        console.error(`A sync is already running (run ${err.runId ?? 'unknown'}); try again when it has finished.`);
        return null;
      }
      throw err;
    });
    if (!run) return 1;
    console.log(`sync ${run.id} started`);
    const printed = new Map<string, string>();
    const timer = setInterval(() => void sync.view(run.id).then((v) => printProgress(v, printed)), 1000);
    await sync.settled();
    clearInterval(timer);
    const outcome = await sync.view(run.id);
    printProgress(outcome, printed);
    const seconds = ((Date.parse(outcome.finishedAt ?? '') - Date.parse(outcome.startedAt)) / 1000).toFixed(1);
    console.log(`sync ${outcome.id} ${outcome.status} in ${seconds} s`);
    return outcome.status === 'succeeded' ? 0 : outcome.status === 'partial' ? 2 : 1;
  } finally {
    await app.close();
    await db.stop();
  }
}

function printProgress(view: SyncRunView, printed: Map<string, string>): void {
  for (const s of view.sources) {
    const key = `${s.workspace ?? '(account)'} ${s.source}`;
    const line = `${key.padEnd(40)} ${s.status.padEnd(10)} pages ${String(s.pages).padStart(6)}  rows ${String(s.rows).padStart(8)}${s.lastError ? `  error: ${s.lastError}` : ''}`;
    if (printed.get(key) !== line) {
      printed.set(key, line);
      console.log(line);
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : `sync failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
