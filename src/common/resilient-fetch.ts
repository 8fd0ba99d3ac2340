import type { Limiter } from './limiter.js';
import { isParseableJson, isRetryableStatus, parseRetryAfter, type RetryNotice, type RetryPolicy, withRetries } from './retry.js';

export interface ResilientFetchOptions {
  timeoutMs: number;
  retry: RetryPolicy;
  /** Shared by every request to one vendor, so concurrency is bounded per vendor. */
  limiter: Limiter;
  onRetry?: (notice: RetryNotice) => void;
}

/**
 * A `fetch` for vendor SDKs that accept one: bounded concurrency, a timeout per try, and retries of
 * 429, 408, 5xx, network errors, timeouts and unreadable JSON bodies, with exponential backoff and
 * jitter that honours Retry-After. The body is read inside the limiter so a slow download counts
 * against the concurrency bound, then handed back as a fresh Response.
 */
export function resilientFetch(options: ResilientFetchOptions): typeof fetch {
  const { timeoutMs, retry, limiter, onRetry } = options;
  return (input, init) =>
    withRetries<Response>(
      retry,
      async () => {
        try {
          const { res, body } = await limiter.run(async () => {
            const signal = init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
            const r = await fetch(input, { ...init, signal });
            return { res: r, body: await r.text() };
          });
          const answer = new Response(res.status === 204 ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
          if (isRetryableStatus(res.status)) {
            return { retry: `HTTP ${res.status}`, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')), lastAnswer: answer };
          }
          if (res.ok && (res.headers.get('content-type') ?? '').includes('json') && !isParseableJson(body)) {
            return { retry: 'unparseable response body', lastAnswer: answer };
          }
          return { done: answer };
        } catch (error) {
          return { retry: error instanceof Error ? error.message : String(error), error };
        }
      },
      onRetry,
    );
}
