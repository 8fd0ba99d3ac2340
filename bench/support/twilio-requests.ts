import type { TwilioEmulatorRequest } from '../../test/emulators/twilio/twilio.emulator.js';

/** What a Twilio request was for, told apart by its path and filters (the emulator logs each one). */
export const TWILIO_REQUEST_KINDS = ['window', 'dayRelist', 'fetch', 'accountDay', 'usage', 'other'] as const;
export type TwilioRequestKind = (typeof TWILIO_REQUEST_KINDS)[number];
export type TwilioRequestCounts = Record<TwilioRequestKind, number>;

const LABELS: Record<TwilioRequestKind, string> = {
  window: 'window listing',
  dayRelist: 'old-day re-list',
  fetch: 'fetch by SID',
  accountDay: 'account-wide day',
  usage: 'usage records',
  other: 'other',
};

/**
 * A sync's listing to or from a number ends at the run's start; a revisit re-lists one old UTC day,
 * so its `StartTime<` lies days before the request. A listing with neither To nor From is the
 * ledger's account-wide day. Follow-up pages repeat their first page's filters, so each counts alike.
 */
export function classifyTwilioRequest(r: TwilioEmulatorRequest): TwilioRequestKind {
  if (/\/Calls\/[^/]+\.json$/.test(r.path)) return 'fetch';
  if (r.path.endsWith('/Usage/Records/Daily.json')) return 'usage';
  if (!r.path.endsWith('/Calls.json')) return 'other';
  if (r.query.To === undefined && r.query.From === undefined) return 'accountDay';
  const before = Date.parse(r.query['StartTime<'] ?? '');
  return Number.isFinite(before) && before < r.at.getTime() - 24 * 3_600_000 ? 'dayRelist' : 'window';
}

export function countTwilioRequests(requests: readonly TwilioEmulatorRequest[]): TwilioRequestCounts {
  const counts = Object.fromEntries(TWILIO_REQUEST_KINDS.map((k) => [k, 0])) as TwilioRequestCounts;
  for (const r of requests) counts[classifyTwilioRequest(r)]++;
  return counts;
}

export function requestsBetween(from: TwilioRequestCounts, to: TwilioRequestCounts): TwilioRequestCounts {
  return Object.fromEntries(TWILIO_REQUEST_KINDS.map((k) => [k, to[k] - from[k]])) as TwilioRequestCounts;
}

export function totalRequests(counts: TwilioRequestCounts): number {
  return TWILIO_REQUEST_KINDS.reduce((n, k) => n + counts[k], 0);
}

/** `612 (old-day re-list 570, window listing 10, usage records 3)`: the kinds that occurred. */
export function describeRequests(counts: TwilioRequestCounts): string {
  const parts = TWILIO_REQUEST_KINDS.filter((k) => counts[k] > 0).map((k) => `${LABELS[k]} ${counts[k].toLocaleString('en-US')}`);
  return `${totalRequests(counts).toLocaleString('en-US')}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
