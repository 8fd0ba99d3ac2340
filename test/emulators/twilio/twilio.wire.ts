import { API_VERSION, USAGE_CATEGORIES, type CallFilter, type Cursor, type EmulatedCall, type UsageCategory, type UsageTotals } from './twilio.store.js';

/**
 * Twilio's wire format for the emulated resources: resource JSON, error bodies, the page envelope
 * and the query parameters that drive paging and filtering.
 */

const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

/** A Twilio-style error answer: HTTP status plus Twilio's error code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** RFC 2822 as Twilio writes it: `Tue, 10 Aug 2010 08:02:17 +0000`. */
export function rfc2822(date: Date | null | undefined): string | null {
  return date ? date.toUTCString().replace('GMT', '+0000') : null;
}

/** NANP numbers get Twilio's `(415) 867-5309`; anything else is shown as given. */
function formatNumber(value: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(value);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : value;
}

export function callJson(accountSid: string, call: EmulatedCall): Record<string, unknown> {
  const base = `/${API_VERSION}/Accounts/${accountSid}/Calls`;
  return {
    account_sid: accountSid,
    annotation: null,
    answered_by: call.answeredBy ?? null,
    api_version: API_VERSION,
    caller_name: call.callerName ?? null,
    date_created: rfc2822(call.dateCreated ?? call.startTime),
    date_updated: rfc2822(call.dateUpdated ?? call.endTime ?? call.startTime),
    direction: call.direction,
    duration: call.endTime ? String(call.durationSeconds) : null,
    end_time: rfc2822(call.endTime),
    forwarded_from: call.forwardedFrom ?? null,
    from: call.from,
    from_formatted: formatNumber(call.from),
    group_sid: call.groupSid ?? null,
    parent_call_sid: call.parentCallSid,
    phone_number_sid: call.phoneNumberSid,
    price: call.price,
    price_unit: call.priceUnit ?? 'USD',
    queue_time: call.queueTime ?? '0',
    sid: call.sid,
    start_time: rfc2822(call.startTime),
    status: call.status,
    subresource_uris: {
      feedback: `${base}/${call.sid}/Feedback.json`,
      feedback_summaries: `${base}/FeedbackSummary.json`,
      notifications: `${base}/${call.sid}/Notifications.json`,
      recordings: `${base}/${call.sid}/Recordings.json`,
      payments: `${base}/${call.sid}/Payments.json`,
    },
    to: call.to,
    to_formatted: formatNumber(call.to),
    trunk_sid: call.trunkSid ?? null,
    uri: `${base}/${call.sid}.json`,
  };
}

const USAGE_SUBRESOURCES = {
  all_time: 'AllTime',
  daily: 'Daily',
  last_month: 'LastMonth',
  monthly: 'Monthly',
  this_month: 'ThisMonth',
  today: 'Today',
  yearly: 'Yearly',
  yesterday: 'Yesterday',
} as const;

export function usageRecordJson(accountSid: string, category: UsageCategory, date: string, totals: UsageTotals, asOf: Date): Record<string, unknown> {
  const base = `/${API_VERSION}/Accounts/${accountSid}/Usage/Records`;
  const subresourceUris: Record<string, string> = {};
  for (const [key, name] of Object.entries(USAGE_SUBRESOURCES)) {
    subresourceUris[key] = `${base}/${name}.json?Category=${category}`;
  }
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    as_of: `${asOf.toISOString().slice(0, 19)}+00:00`,
    category,
    count: String(totals.count),
    count_unit: 'calls',
    description: USAGE_CATEGORIES[category],
    end_date: date,
    price: totals.price.toFixed(),
    price_unit: 'usd',
    start_date: date,
    subresource_uris: subresourceUris,
    uri: `${base}/Daily.json?Category=${category}&StartDate=${date}&EndDate=${date}`,
    usage: String(totals.usage),
    usage_unit: 'minutes',
  };
}

export function errorBody(status: number, code: number, message: string): string {
  return JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export interface Paging {
  pageSize: number;
  page: number;
  cursor: Cursor | null;
}

export function readPaging(q: URLSearchParams, tokenRequired: boolean): Paging {
  const pageSize = readInt(q.get('PageSize'), DEFAULT_PAGE_SIZE, 1, 'PageSize');
  const page = readInt(q.get('Page'), 0, 0, 'Page');
  const token = q.get('PageToken');
  let cursor: Cursor | null = null;
  if (token !== null) {
    const parsed = /^P([AB])(.+)$/.exec(token);
    if (!parsed) throw new HttpError(400, 21481, 'Invalid PageToken');
    cursor = { direction: parsed[1] === 'A' ? 'after' : 'before', sid: parsed[2] };
  } else if (tokenRequired && page > 0) {
    throw new HttpError(400, 70002, 'Paged requests must include a PageToken');
  }
  // Twilio documents 1000 as the maximum; larger requests are served 1000 at a time here.
  return { pageSize: Math.min(pageSize, MAX_PAGE_SIZE), page, cursor };
}

function readInt(value: string | null, fallback: number, min: number, name: string): number {
  if (value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new HttpError(400, 20001, `${name} must be an integer of at least ${min}`);
  return n;
}

/** Applies one Calls time filter; bounds combine by intersection, as several filters do. */
export function applyTimeFilter(filter: CallFilter, key: string, value: string, beforeInclusive: boolean): void {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new HttpError(400, 20001, `${key} is not a valid date`);
  const field = key.startsWith('Start') ? 'start' : 'end';
  const min = field === 'start' ? 'startMin' : 'endMin';
  const max = field === 'start' ? 'startMax' : 'endMax';
  const raise = (bound: number) => (filter[min] = Math.max(filter[min] ?? -Infinity, bound));
  const lower = (bound: number) => (filter[max] = Math.min(filter[max] ?? Infinity, bound));
  if (key.endsWith('>')) raise(ms);
  else if (key.endsWith('<')) lower(beforeInclusive ? ms : ms - 1);
  else {
    // A plain `StartTime` selects the whole UTC day of the value.
    const day = Math.floor(ms / DAY_MS) * DAY_MS;
    raise(day);
    lower(day + DAY_MS - 1);
  }
}

/** Filters as received, in order, then paging; keys and values percent-encoded as Twilio writes them. */
export type QueryPairs = Array<[string, string]>;

export function pageUri(path: string, params: QueryPairs, pageSize: number, page: number, token?: string): string {
  const all: Array<[string, string]> = [...params, ['PageSize', String(pageSize)], ['Page', String(page)]];
  if (token) all.push(['PageToken', token]);
  return `${path}?${all.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

export function envelope(path: string, params: QueryPairs, pageSize: number, page: number, count: number, token?: string) {
  const start = page * pageSize;
  return {
    end: Math.max(start, start + count - 1),
    first_page_uri: pageUri(path, params, pageSize, 0),
    page,
    page_size: pageSize,
    start,
    uri: pageUri(path, params, pageSize, page, token),
  };
}
