import type { Logger as NestLogger } from '@nestjs/common';
import type { Logger as BoltLogger, LogLevel } from '@slack/logger';

/** Bolt's log lines through ours (JSON, redacted), never its own console logger. */
export function boltLogger(logger: NestLogger): BoltLogger {
  let level = 'info' as LogLevel;
  const line = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => logger.debug?.(line(msg)),
    info: (...msg) => logger.log(line(msg)),
    warn: (...msg) => logger.warn(line(msg)),
    error: (...msg) => logger.error(line(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
