import { Logger } from '@nestjs/common';
import type { WebClient } from '@slack/web-api';
import type { Notice } from '../alerts/alert-notice.js';
import { describeError } from '../common/errors.js';
import { type Attempt, type RetryPolicy, withRetries } from '../common/retry.js';
import type { AppConfig } from '../config/app-config.js';
import { noticeBlocks } from './notice-blocks.js';
import type { PostResult, SlackMessage, SlackPort } from './slack.port.js';

/** Longest single wait between tries, Retry-After included. */
const MAX_WAIT_MS = 30_000;
const TIMEOUT_MS = 10_000;

/**
 * SlackPort over @slack/web-api. The client's own retries are off so that our policy (the vendor
 * limits of the config) decides, and a rate limit comes back as an error we can wait out.
 */
export class SlackWebAdapter implements SlackPort {
  readonly enabled = true;
  private readonly logger = new Logger('Slack');
  private client?: Promise<WebClient>;
  private readonly policy: RetryPolicy;

  constructor(private readonly config: AppConfig) {
    this.policy = { maxRetries: config.vendor.maxRetries, baseMs: config.vendor.retryBaseMs, maxMs: MAX_WAIT_MS };
  }

  async postMessage(channel: string, message: SlackMessage): Promise<PostResult> {
    const client = await this.webClient();
    try {
      return await withRetries<PostResult>(
        this.policy,
        async (): Promise<Attempt<PostResult>> => {
          try {
            const res = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never, unfurl_links: false });
            return { done: { ok: true, ts: String(res.ts) } };
          } catch (err) {
            return classify(err);
          }
        },
        (n) => this.logger.warn(`chat.postMessage to ${channel}: ${n.reason}; try ${n.attempt + 1} in ${n.waitMs} ms`),
      );
    } catch (err) {
      return { ok: false, error: describeError(err) };
    }
  }

  async postNotice(channel: string, notice: Notice): Promise<PostResult> {
    let message: SlackMessage;
    try {
      message = noticeBlocks(notice);
    } catch (err) {
      // A stored notice that cannot be worded is refused like a bad channel (left pending, logged): the port never throws.
      return { ok: false, error: `unrenderable_notice: ${describeError(err)}` };
    }
    return this.postMessage(channel, message);
  }

  /** Loaded on first use: importing the SDK costs a few hundred milliseconds of every start. */
  private webClient(): Promise<WebClient> {
    this.client ??= import('@slack/web-api').then(
      ({ WebClient, LogLevel }) =>
        new WebClient(this.config.slack.botToken, {
          slackApiUrl: this.config.slack.apiUrl,
          retryConfig: { retries: 0 },
          rejectRateLimitedCalls: true,
          timeout: TIMEOUT_MS,
          logLevel: LogLevel.ERROR,
        }),
    );
    return this.client;
  }
}

/** Rate limits, HTTP 5xx and network failures are worth another try; `ok: false` (a bad channel) is not. */
function classify(err: unknown): Attempt<PostResult> {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return { retry: 'rate limited (429)', retryAfterMs: (e.retryAfter ?? 1) * 1000, lastAnswer: { ok: false, error: 'ratelimited' } };
    case 'slack_webapi_http_error':
      if ((e.statusCode ?? 0) >= 500 || e.statusCode === 408) {
        return { retry: `HTTP ${e.statusCode}`, lastAnswer: { ok: false, error: `http_${e.statusCode}` } };
      }
      return { done: { ok: false, error: `http_${e.statusCode}` } };
    case 'slack_webapi_request_error':
      return { retry: `request failed: ${describeError(err)}`, lastAnswer: { ok: false, error: 'request_error' } };
    case 'slack_webapi_platform_error':
      return { done: { ok: false, error: e.data?.error ?? 'not_ok' } };
    default:
      return { done: { ok: false, error: describeError(err) } };
  }
}

/** Slack is off: nothing is posted, and callers see why. */
export class DisabledSlack implements SlackPort {
  readonly enabled = false;
  postMessage(): Promise<PostResult> {
    return Promise.resolve({ ok: false, error: 'slack_disabled' });
  }

  postNotice(): Promise<PostResult> {
    return Promise.resolve({ ok: false, error: 'slack_disabled' });
  }
}
