import twilio from 'twilio';
// Type-only: erased at build, so the CommonJS deep path never reaches Node's ESM loader.
import type TwilioRequestClient from 'twilio/lib/base/RequestClient.js';

/**
 * The twilio SDK has no base-URL option (`edge`/`region` only rename the twilio.com host), so tests,
 * benchmarks and any proxy deployment point it elsewhere through its documented extension point: a
 * custom `httpClient`. This one rewrites every `https://*.twilio.com/...` URI to `baseUrl`, keeping
 * path and query, so pages the SDK follows through `next_page_uri` land on the same server.
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  /**
   * @param baseUrl e.g. `http://127.0.0.1:4010`; a path prefix (`http://proxy/twilio`) is kept.
   * @param timeoutMs per-request timeout; the SDK's own default is 30 s.
   */
  constructor(baseUrl: string, timeoutMs?: number) {
    super({ timeout: timeoutMs });
    this.base = new URL(baseUrl);
  }

  override request<TData>(opts: TwilioRequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: this.rewrite(opts.uri) });
  }

  /** Only Twilio hosts are redirected; any other absolute URI passes through untouched. */
  rewrite(uri: string): string {
    const target = new URL(uri);
    if (target.hostname !== 'twilio.com' && !target.hostname.endsWith('.twilio.com')) return uri;
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return `${this.base.origin}${prefix}${target.pathname}${target.search}`;
  }
}
