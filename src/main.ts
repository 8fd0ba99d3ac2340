import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { takeOverShutdownSignals } from './database/embedded-postgres.js';
import { resolveDatabase } from './database/resolve-database.js';
import { setupHttp } from './http.setup.js';
import { PinoNestLogger } from './logging/pino-nest-logger.js';

/**
 * SIGTERM/SIGINT: how long the graceful close may take, then how long an embedded server gets to stop
 * after it: 10 s at most in all, well under Kubernetes' default 30 s grace period.
 */
const SHUTDOWN_GRACE_MS = 8_000;
const EMBEDDED_STOP_MS = 2_000;

async function bootstrap(): Promise<void> {
  const started = process.hrtime.bigint();
  const boot = pino({ name: 'boot' });
  let config;
  try {
    config = loadConfig({ onNotice: (m) => boot.warn(m) });
  } catch (err) {
    if (err instanceof ConfigError) {
      // One line naming the variable, then a non-zero exit: no stack trace to wade through.
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  boot.level = config.logLevel;

  const db = await resolveDatabase(config, (m) => boot.info(m));
  // When embedded-postgres was loaded, its exit hook takes SIGTERM/SIGINT to exit(143) at once, which
  // would cut the graceful shutdown short: this process handles the signals itself (a no-op otherwise).
  takeOverShutdownSignals();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ config, databaseUrl: db.url }), {
    bufferLogs: true,
    rawBody: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  setupHttp(app);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    boot.info(`${signal}: shutting down`);
    // A database that is gone (or answers nothing) can leave app.close() waiting on a pooled query or
    // the session store for ever: an orchestrator would then have to SIGKILL us. Bounded instead.
    setTimeout(() => {
      boot.error(`shutdown did not finish within ${SHUTDOWN_GRACE_MS / 1000} s (is the database gone?): exiting anyway`);
      // Still stop an embedded server (it would outlive us), but not wait on it for long either.
      void Promise.race([db.stop(), new Promise((r) => setTimeout(r, EMBEDDED_STOP_MS))]).finally(() => process.exit(1));
    }, SHUTDOWN_GRACE_MS); // not unref'd: a shutdown either finishes or ends here, never drifts out silently
    let code = 0;
    try {
      await app.close();
    } catch (err) {
      // e.g. the session store or pool failing to close over a dead connection: still stop, but say so.
      boot.error(`shutdown: closing the app failed: ${err instanceof Error ? err.message : String(err)}`);
      code = 1;
    }
    await db.stop().catch((err: unknown) => {
      boot.error(`shutdown: stopping the embedded database failed: ${err instanceof Error ? err.message : String(err)}`);
      code = 1;
    });
    boot.info('shut down');
    process.exit(code);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  await app.listen(config.http.port, config.http.host);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  boot.info({ startupMs: Math.round(ms), database: db.embedded ? 'embedded' : 'external' }, `listening on http://${config.http.host}:${config.http.port} (health: /api/health)`);
}

bootstrap().catch((err: unknown) => {
  // A setting's fault (DATABASE_URL pointing nowhere included) is its own one line, naming the setting.
  const line = err instanceof ConfigError ? err.message : `startup failed: ${err instanceof Error ? err.message : String(err)}`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
});
