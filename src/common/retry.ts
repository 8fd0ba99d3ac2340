/** How vendor calls are retried: exponential backoff with jitter, honouring the vendor's Retry-After. */
export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  /** Upper bound of one wait, Retry-After included, so a hostile header cannot stall a sync for hours. */
  maxMs: number;
}

export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Wait before retry number `attempt` (0-based): Retry-After when given, else base·2^attempt with "equal jitter". */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(policy.maxMs, retryAfterMs);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Statuses worth another try: rate limits, timeouts and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One try's outcome: done, or worth another try (keeping the last answer to give back if tries run out). */
export type Attempt<T> = { done: T } | { retry: string; retryAfterMs?: number; lastAnswer?: T; error?: unknown };

export interface RetryNotice {
  attempt: number;
  waitMs: number;
  reason: string;
}

/**
 * Repeats `attempt` until it is done or the policy's retries are spent. Then the last answer is
 * returned as it was (the caller's SDK turns it into its usual error), or the last error is thrown.
 */
export async function withRetries<T>(policy: RetryPolicy, attempt: () => Promise<Attempt<T>>, onRetry?: (n: RetryNotice) => void): Promise<T> {
  for (let n = 0; ; n++) {
    const outcome = await attempt();
    if ('done' in outcome) return outcome.done;
    if (n >= policy.maxRetries) {
      if (outcome.lastAnswer !== undefined) return outcome.lastAnswer;
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the attempt caught, as it was
      throw outcome.error ?? new RetriesExhaustedError(outcome.retry);
    }
    const waitMs = backoffMs(policy, n, outcome.retryAfterMs);
    onRetry?.({ attempt: n + 1, waitMs, reason: outcome.retry });
    await sleep(waitMs);
  }
}

/** True when a JSON body is readable; an empty body counts as readable. */
export function isParseableJson(text: string): boolean {
  if (text.trim() === '') return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
