import twilio from 'twilio';
// Type-only: erased at build, so the CommonJS deep path never reaches Node's ESM loader.
import type TwilioRequestClient from 'twilio/lib/base/RequestClient.js';
type TwilioResponse<T> = Awaited<ReturnType<TwilioRequestClient['request']>> & { body: T };
import { Limiter } from '../common/limiter.js';
import { isParseableJson, isRetryableStatus, parseRetryAfter, type RetryNotice, type RetryPolicy, withRetries } from '../common/retry.js';

export interface TwilioHttpOptions {
  /** e.g. `https://api.twilio.com`, or an emulator's `http://127.0.0.1:4010`; a path prefix is kept. */
  baseUrl: string;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Shared by every Twilio request of this process, so concurrency is bounded per vendor. */
  limiter: Limiter;
  onRetry?: (notice: RetryNotice) => void;
}

type Opts<T> = TwilioRequestClient.RequestOptions<T>;

/**
 * The twilio SDK has no base-URL option (`edge`/`region` only rename the twilio.com host), so we use
 * its documented extension point, a custom `httpClient`. This one:
 * - rewrites every `https://*.twilio.com/...` URI to `baseUrl`, keeping path and query, so the pages
 *   the SDK follows through `next_page_uri` land on the same server;
 * - bounds requests in flight, and retries 429, 408, 5xx, network errors, timeouts and unparseable
 *   bodies with exponential backoff and jitter, honouring Retry-After. The SDK's own retry handles
 *   429 only and ignores Retry-After, so it stays off. Out of retries, the last answer goes to the SDK,
 *   which turns it into its usual RestException (status and Twilio error code).
 */
export class TwilioHttpClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(private readonly options: TwilioHttpOptions) {
    super({ timeout: options.timeoutMs, autoRetry: false, keepAlive: true });
    this.base = new URL(options.baseUrl);
  }

  override request<TData>(opts: Opts<TData>): Promise<TwilioResponse<TData>> {
    const target = { ...opts, uri: this.rewrite(opts.uri) };
    const { retry, limiter, onRetry } = this.options;
    return withRetries<TwilioResponse<TData>>(
      retry,
      async () => {
        try {
          const res = await limiter.run(() => super.request<TData>(target));
          if (isRetryableStatus(res.statusCode)) {
            return { retry: `HTTP ${res.statusCode}`, retryAfterMs: parseRetryAfter(header(res.headers, 'retry-after')), lastAnswer: res };
          }
          if (res.statusCode < 300 && typeof res.body === 'string' && !isParseableJson(res.body)) {
            return { retry: 'unparseable response body', lastAnswer: res };
          }
          return { done: res };
        } catch (error) {
          return { retry: error instanceof Error ? error.message : String(error), error };
        }
      },
      onRetry,
    );
  }

  /** Only Twilio hosts are redirected; any other absolute URI passes through untouched. */
  rewrite(uri: string): string {
    const target = new URL(uri);
    if (target.hostname !== 'twilio.com' && !target.hostname.endsWith('.twilio.com')) return uri;
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return `${this.base.origin}${prefix}${target.pathname}${target.search}`;
  }
}

function header(headers: unknown, name: string): string | undefined {
  const h = headers as Record<string, string | string[] | undefined> | undefined;
  const value = h?.[name] ?? h?.[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
