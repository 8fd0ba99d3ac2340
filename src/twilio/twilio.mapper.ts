import { Logger } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { CallDirection, CallStatus, UsageScope } from '../entities/index.js';
import type { TwilioCallRecord, UsageDay } from './twilio.port.js';

/** The fields of the SDK's CallInstance we read (it keeps `price` as Twilio's string). */
export interface TwilioCallLike {
  sid: string;
  parentCallSid: string | null;
  direction: string;
  from: string | null;
  to: string | null;
  status: string;
  startTime: Date | null;
  dateCreated: Date | null;
  duration: string | null;
  price: string | null;
  priceUnit: string | null;
}

/** Twilio's call statuses (the SDK's CallStatus) in our words. */
const STATUSES: Record<string, CallStatus> = {
  queued: CallStatus.Queued,
  ringing: CallStatus.Ringing,
  'in-progress': CallStatus.InProgress,
  completed: CallStatus.Completed,
  busy: CallStatus.Busy,
  'no-answer': CallStatus.NoAnswer,
  failed: CallStatus.Failed,
  canceled: CallStatus.Canceled,
};

/** The usage category Twilio files each scope's calls under. */
export const USAGE_CATEGORIES: Record<UsageScope, string> = {
  [UsageScope.All]: 'calls',
  [UsageScope.Inbound]: 'calls-inbound',
  [UsageScope.Outbound]: 'calls-outbound',
};

const logger = new Logger('Twilio');
const unknownStatuses = new Set<string>();

export interface TwilioUsageLike {
  accountSid: string;
  category: string;
  count: string | number | null;
  usage: string | number | null;
  usageUnit: string | null;
  price: string | number | null;
  priceUnit: string | null;
  startDate: Date | string | null;
}

export function toCallRecord(call: TwilioCallLike): TwilioCallRecord {
  return {
    sid: call.sid,
    parentSid: call.parentCallSid || null,
    direction: mapDirection(call.direction),
    from: call.from || null,
    to: call.to || null,
    status: toCallStatus(call.status),
    // A call that never started (busy, no answer) has no start time; its creation time places it.
    startedAt: call.startTime ?? call.dateCreated ?? new Date(0),
    durationSeconds: Number.parseInt(call.duration ?? '0', 10) || 0,
    cost: toCost(call.price),
    priceUnit: call.priceUnit ? call.priceUnit.toUpperCase() : null,
  };
}

/** A status Twilio added since is kept as `unknown` (and said once), never a guess nor a crash. */
export function toCallStatus(status: string): CallStatus {
  const known = STATUSES[status];
  if (known) return known;
  if (!unknownStatuses.has(status)) {
    unknownStatuses.add(status);
    logger.warn(`unknown call status ${JSON.stringify(status).slice(0, 80)}: stored as unknown`);
  }
  return CallStatus.Unknown;
}

/** A daily record, asked for `scope` (the record echoes the category, which only says the same). */
export function toUsageDay(record: TwilioUsageLike, scope: UsageScope): UsageDay {
  return {
    accountSid: record.accountSid,
    day: typeof record.startDate === 'string' ? record.startDate.slice(0, 10) : (record.startDate ?? new Date(0)).toISOString().slice(0, 10),
    scope,
    count: Number.parseInt(String(record.count ?? '0'), 10) || 0,
    usage: new Decimal(String(record.usage ?? '0')).toFixed(),
    usageUnit: record.usageUnit,
    // Unlike a call's price, a usage record's price is written positive: what was charged.
    cost: new Decimal(String(record.price ?? '0')).toFixed(),
    priceUnit: (record.priceUnit ?? 'USD').toUpperCase(),
  };
}

/** Twilio writes a charge as a negative price ("-0.01400"); we keep what was charged, positive. */
export function toCost(price: string | null | undefined): string | null {
  if (price === null || price === undefined || price === '') return null;
  const cost = new Decimal(price).negated();
  return cost.isZero() ? '0' : cost.toFixed();
}

function mapDirection(direction: string): CallDirection {
  if (direction === 'inbound') return CallDirection.Inbound;
  if (direction.startsWith('outbound')) return CallDirection.Outbound;
  return CallDirection.Unknown;
}
