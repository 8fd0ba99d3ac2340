import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { takeOverShutdownSignals } from './database/embedded-postgres.js';
import { resolveDatabase } from './database/resolve-database.js';
import { setupHttp } from './http.setup.js';

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
  if (db.embedded) takeOverShutdownSignals();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ config, databaseUrl: db.url }), {
    bufferLogs: true,
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  setupHttp(app);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    boot.info(`${signal}: shutting down`);
    await app.close();
    await db.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  await app.listen(config.http.port, config.http.host);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  boot.info(
    { startupMs: Math.round(ms), database: db.embedded ? 'embedded' : 'external' },
    `listening on http://${config.http.host}:${config.http.port} (health: /api/health)`,
  );
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`startup failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
