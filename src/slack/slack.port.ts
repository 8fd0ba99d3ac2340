import type { Notice } from '../alerts/alert-notice.js';

/** A Block Kit message: `text` is the notification and screen-reader fallback, `blocks` what is shown. */
export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** Slack accepted the message (`ok: true`), or why not after retries; never throws. */
export type PostResult = { ok: true; ts: string } | { ok: false; error: string };

/** What the product needs from Slack's Web API; the adapter keeps every vendor detail behind it. */
export interface SlackPort {
  /** Whether Slack is configured at all (a bot token is set). */
  readonly enabled: boolean;
  /** chat.postMessage, retried with backoff on rate limits, server errors and network failures. */
  postMessage(channel: string, message: SlackMessage): Promise<PostResult>;
  /** A notice of the alerts module (an alert, the digest), worded and laid out here, then posted as postMessage does. */
  postNotice(channel: string, notice: Notice): Promise<PostResult>;
}

export const SLACK_PORT = Symbol('SLACK_PORT');
