import pino from 'pino';
import { PinoNestLogger, requestLogger } from './pino-nest-logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const root = pino({ level: 'trace' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { root, lines, logger: new PinoNestLogger(root) };
}

describe('PinoNestLogger (Nest’s logger, written to pino)', () => {
  it('writes the context as a field and the message as msg, at the matching level', () => {
    const { logger, lines } = capture();
    logger.log('started', 'NestApplication');
    logger.warn({ runId: 7 }, 'SyncService');
    logger.verbose('details');
    expect(lines).toMatchObject([
      { level: 30, context: 'NestApplication', msg: 'started' },
      { level: 40, context: 'SyncService', runId: 7 },
      { level: 10, msg: 'details' },
    ]);
  });

  it('keeps the stack Nest’s exception handler passes as error(message, stack, context)', () => {
    const { logger, lines } = capture();
    const stack = 'Error: boom\n    at handler (file.js:1:1)';
    logger.error('boom', stack, 'ExceptionsHandler');
    logger.error(new Error('bad'), 'Sync');
    expect(lines[0]).toMatchObject({ level: 50, context: 'ExceptionsHandler', msg: 'boom', err: { message: 'boom', stack } });
    expect(lines[1]).toMatchObject({ level: 50, context: 'Sync', err: { message: 'bad' } });
  });

  it('inside a request, logs through that request’s logger so the line carries its id', () => {
    const { root, logger, lines } = capture();
    requestLogger.run(root.child({ req: { id: 42 } }), () => logger.log('in a request', 'Reports'));
    logger.log('outside');
    expect(lines[0]).toMatchObject({ req: { id: 42 }, msg: 'in a request' });
    expect(lines[1]).not.toHaveProperty('req');
  });
});
