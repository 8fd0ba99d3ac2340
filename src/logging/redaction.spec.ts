import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from './logging.module.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream), lines };
}

describe('log redaction', () => {
  it('blanks credentials in request headers and vendor secrets in logged objects', () => {
    const { logger, lines } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer api-token-123456', cookie: 'sid=abc', 'xi-api-key': 'sk_live_999' } } }, 'request');
    logger.info({ body: { elevenlabsApiKey: 'sk_live_888', twilioAuthToken: 'tok_777', name: 'Acme' } }, 'workspace');
    logger.info({ password: 'hunter2' }, 'login');
    const text = lines.join('\n');
    for (const secret of ['api-token-123456', 'sid=abc', 'sk_live_999', 'sk_live_888', 'tok_777', 'hunter2']) expect(text).not.toContain(secret);
    expect(text).toContain('Acme');
    expect(text.match(/\[redacted\]/g)?.length).toBe(6);
  });
});
