import type { CallDirection, CallStatus, UsageScope } from '../entities/index.js';

/** What the rest of the app knows of Twilio: our own types, no vendor field names. */
export const TWILIO_PORT = Symbol('TWILIO_PORT');

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
}

export interface TwilioCallRecord {
  sid: string;
  /** Set on a child leg (a transfer or dial out of the parent call). */
  parentSid: string | null;
  direction: CallDirection;
  from: string | null;
  to: string | null;
  status: CallStatus;
  startedAt: Date;
  durationSeconds: number;
  /** What Twilio charged, as a positive decimal string; null while Twilio has not priced the call. */
  cost: string | null;
  priceUnit: string | null;
}

export interface CallListQuery {
  /** One of our numbers, E.164, and whether to list the calls made to it or from it; absent: every leg of the account. */
  number?: string;
  side?: 'to' | 'from';
  startedAfter: Date;
  startedBefore: Date;
}

export interface UsageDay {
  accountSid: string;
  /** YYYY-MM-DD (UTC, as Twilio's daily records are). */
  day: string;
  scope: UsageScope;
  count: number;
  usage: string;
  usageUnit: string | null;
  /** What Twilio charged that day, positive decimal string. */
  cost: string;
  priceUnit: string;
}

export interface ListProgress {
  pages: number;
  rows: number;
}

export interface TwilioPort {
  /** Every call matching the query, newest first, one page at a time; `onPage` is awaited before the next page is read. */
  listCalls(account: TwilioAccount, query: CallListQuery, onPage: (calls: TwilioCallRecord[]) => Promise<void>): Promise<ListProgress>;
  /** One leg by SID; null when Twilio no longer has it (404). */
  fetchCall(account: TwilioAccount, sid: string): Promise<TwilioCallRecord | null>;
  /** Twilio's daily call usage of the account in each scope, both dates inclusive; one request per scope. */
  listDailyUsage(account: TwilioAccount, range: { startDate: string; endDate: string }, scopes: readonly UsageScope[]): Promise<UsageDay[]>;
}
