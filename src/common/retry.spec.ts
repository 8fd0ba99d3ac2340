import { backoffMs, isParseableJson, parseRetryAfter, withRetries } from './retry.js';

const policy = { maxRetries: 3, baseMs: 100, maxMs: 5_000 };

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:10 GMT', Date.parse('2026-11-26T12:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('backs off exponentially with jitter, honours Retry-After and caps every wait', () => {
    expect(backoffMs(policy, 0, undefined, () => 0)).toBe(50);
    expect(backoffMs(policy, 0, undefined, () => 1)).toBe(100);
    expect(backoffMs(policy, 3, undefined, () => 1)).toBe(800);
    expect(backoffMs(policy, 20, undefined, () => 1)).toBe(5_000);
    expect(backoffMs(policy, 0, 2_000)).toBe(2_000);
    expect(backoffMs(policy, 0, 3_600_000)).toBe(5_000);
  });

  it('retries until done, then gives back the last answer or throws the last error', async () => {
    let calls = 0;
    const quick = { ...policy, baseMs: 1 };
    expect(await withRetries(quick, () => Promise.resolve(++calls < 3 ? { retry: 'HTTP 500' } : { done: 'ok' }))).toBe('ok');
    expect(calls).toBe(3);
    expect(await withRetries(quick, () => Promise.resolve({ retry: 'HTTP 429', lastAnswer: 'the 429 answer' }))).toBe('the 429 answer');
    await expect(withRetries(quick, () => Promise.resolve({ retry: 'reset', error: new Error('ECONNRESET') }))).rejects.toThrow('ECONNRESET');
  });

  it('tells garbage from JSON', () => {
    expect(isParseableJson('{"a":1}')).toBe(true);
    expect(isParseableJson('')).toBe(true);
    expect(isParseableJson('{"a":')).toBe(false);
  });
});
