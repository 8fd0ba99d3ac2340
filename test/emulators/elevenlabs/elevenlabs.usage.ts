import { Decimal } from 'decimal.js';
import type * as wire from '@elevenlabs/elevenlabs-js/serialization/index.js';
import type { ElevenlabsConversation } from './elevenlabs.emulator.js';

/**
 * ElevenLabs' workspace usage analytics (`POST /v1/workspace/analytics/query/usage-by-product-over-time`,
 * `client.workspace.usage.getUsageByProductOverTime`), answered from the key's own conversations.
 * The answer is the documented table: `timestamp` (DateTime), `product_type` (String) and
 * `credits_used` (Float, sent as text as in the vendor's example), one row per bucket and product
 * that has usage. Buckets are UTC-anchored; what this emulator does not model (filters, group_by
 * other than product_type, a time zone other than UTC) is refused with 501 rather than ignored, so a
 * test can never pass on a feature it does not have.
 */
export type ElevenlabsUsageAnswer = wire.WorkspaceAnalyticsQueryResponseModel.Raw;
export type ElevenlabsUsageRequest = wire.workspace.BodyGetWorkspaceUsageV1WorkspaceAnalyticsQueryUsageByProductOverTimePost.Raw;

export const ELEVENLABS_USAGE_PATH = '/v1/workspace/analytics/query/usage-by-product-over-time';
/** The product our conversations' credits are counted under. */
export const CONVERSATIONS_PRODUCT = 'conversational-ai';
/** The API-key permission this endpoint needs (PermissionType in the official client). */
export const USAGE_PERMISSION = 'workspace_analytics_full_read';
const MIN_TIME_MS = 1_577_836_800_000; // 2020-01-01, the documented lower bound of start_time and end_time
const DAY_SECS = 86_400;

export type UsageOutcome = { status: 200; body: ElevenlabsUsageAnswer } | { status: number; body: unknown };

function invalid(loc: string, type: string, msg: string, input: unknown): UsageOutcome {
  // FastAPI's request-validation shape, as the vendor answers a bad body.
  return { status: 422, body: { detail: [{ type, loc: ['body', loc], msg, input }] } };
}

function notEmulated(what: string): UsageOutcome {
  return { status: 501, body: { detail: { status: 'not_emulated', message: `${what} is not emulated` } } };
}

/** Per key: overridden daily figures and whether the key may read usage analytics. */
export class ElevenlabsUsageBook {
  /** key → `YYYY-MM-DD` → product → credits (decimal text). */
  private readonly overrides = new Map<string, Map<string, Map<string, string>>>();
  private readonly forbidden = new Set<string>();

  /** Replaces the product's figure on that UTC day (what the key's conversations add up to, for CONVERSATIONS_PRODUCT). */
  setDailyCredits(apiKey: string, day: string, credits: number | string, productType = CONVERSATIONS_PRODUCT): void {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`day must be YYYY-MM-DD, got ${day}`);
    const days = this.overrides.get(apiKey) ?? new Map<string, Map<string, string>>();
    const products = days.get(day) ?? new Map<string, string>();
    products.set(productType, new Decimal(credits).toFixed());
    days.set(day, products);
    this.overrides.set(apiKey, days);
  }

  clearDailyCredits(apiKey?: string): void {
    if (apiKey) this.overrides.delete(apiKey);
    else this.overrides.clear();
  }

  /** A key without `workspace_analytics_full_read` gets 401 `missing_permissions`, as the vendor answers a restricted key. */
  setPermission(apiKey: string, allowed: boolean): void {
    if (allowed) this.forbidden.delete(apiKey);
    else this.forbidden.add(apiKey);
  }

  answer(apiKey: string, conversations: readonly ElevenlabsConversation[], body: unknown): UsageOutcome {
    if (this.forbidden.has(apiKey)) {
      const message = `The API key you used is missing the permission ${USAGE_PERMISSION} to execute this operation.`;
      return { status: 401, body: { detail: { status: 'missing_permissions', message } } };
    }
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      const msg = 'Input should be a valid dictionary or object to extract fields from';
      return { status: 422, body: { detail: [{ type: 'model_attributes_type', loc: ['body'], msg, input: body ?? null }] } };
    }
    const req = body as Partial<ElevenlabsUsageRequest>;
    for (const field of ['start_time', 'end_time'] as const) {
      const value = req[field];
      if (value === undefined || value === null) return invalid(field, 'missing', 'Field required', body);
      if (!Number.isInteger(value)) return invalid(field, 'int_type', 'Input should be a valid integer', value);
      if (value < MIN_TIME_MS) return invalid(field, 'greater_than_equal', `Input should be greater than or equal to ${MIN_TIME_MS}`, value);
    }
    const interval = req.interval_seconds ?? DAY_SECS;
    if (!Number.isInteger(interval) || interval < 1) {
      return invalid('interval_seconds', 'greater_than_equal', 'Input should be greater than or equal to 1', interval);
    }
    if (req.filters?.length) return notEmulated('filters');
    if (req.group_by?.some((g) => g !== 'product_type')) return notEmulated('group_by other than product_type');
    if (req.time_zone && req.time_zone !== 'UTC') return notEmulated(`time_zone ${req.time_zone}`);

    const start = req.start_time! / 1000;
    const end = req.end_time! / 1000;
    const overridden = this.overrides.get(apiKey) ?? new Map<string, Map<string, string>>();
    const buckets = new Map<number, Map<string, Decimal>>();
    const add = (at: number, product: string, credits: Decimal.Value): void => {
      const bucket = Math.floor(at / interval) * interval;
      const products = buckets.get(bucket) ?? new Map<string, Decimal>();
      products.set(product, (products.get(product) ?? new Decimal(0)).plus(credits));
      buckets.set(bucket, products);
    };
    for (const c of conversations) {
      const at = c.metadata.start_time_unix_secs;
      if (at < start || at >= end || !c.metadata.cost) continue;
      if (overridden.get(dayOf(at))?.has(CONVERSATIONS_PRODUCT)) continue;
      add(at, CONVERSATIONS_PRODUCT, c.metadata.cost);
    }
    for (const [day, products] of overridden) {
      const midnight = Date.parse(`${day}T00:00:00Z`) / 1000;
      if (midnight + DAY_SECS <= start || midnight >= end) continue;
      for (const [product, credits] of products) add(Math.max(midnight, start), product, credits);
    }
    const rows: ElevenlabsUsageAnswer['rows'] = [];
    for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
      for (const [product, credits] of [...buckets.get(bucket)!].sort(([a], [b]) => a.localeCompare(b))) {
        rows.push([new Date(bucket * 1000).toISOString().replace('.000Z', 'Z'), product, credits.toFixed()]);
      }
    }
    return {
      status: 200,
      body: {
        columns: ['timestamp', 'product_type', 'credits_used'],
        column_types: ['DateTime', 'String', 'Float'],
        rows,
        column_units: ['s', null, 'credits'],
      },
    };
  }
}

function dayOf(unixSecs: number): string {
  return new Date(unixSecs * 1000).toISOString().slice(0, 10);
}
