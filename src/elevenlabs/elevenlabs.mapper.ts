import type { ElevenLabs } from '@elevenlabs/elevenlabs-js';
import { Logger } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { CallDirection, ConversationState } from '../entities/index.js';
import type { ChargeBreakdown, ConversationDetail, ConversationSummary } from './elevenlabs.port.js';

type Detail = ElevenLabs.GetConversationResponseModel;
type Summary = ElevenLabs.ConversationSummaryResponseModel;
type Charging = NonNullable<Detail['metadata']['charging']>;

/** The vendor's conversation statuses (the client's ConversationSummaryResponseModelStatus) in our words. */
const STATES: Record<string, ConversationState> = {
  initiated: ConversationState.InProgress,
  'in-progress': ConversationState.InProgress,
  processing: ConversationState.Processing,
  done: ConversationState.Completed,
  failed: ConversationState.Failed,
};
const logger = new Logger('ElevenLabs');
const unknownStatuses = new Set<string>();

/**
 * A status the vendor added since is taken as not final: the conversation is read again later (at
 * worst once a day) rather than frozen with figures that may still change. Said once per status.
 */
export function toConversationState(status: string): ConversationState {
  const state = STATES[status];
  if (state) return state;
  if (!unknownStatuses.has(status)) {
    unknownStatuses.add(status);
    logger.warn(`unknown conversation status ${JSON.stringify(status).slice(0, 80)}: treated as still processing`);
  }
  return ConversationState.Processing;
}

export function toSummary(c: Summary): ConversationSummary {
  return { id: c.conversationId, agentId: c.agentId, startedAt: fromUnix(c.startTimeUnixSecs), state: toConversationState(c.status) };
}

export function toDetail(c: Detail): ConversationDetail {
  const meta = c.metadata;
  const phone = meta.phoneCall;
  const twilioCall = phone?.type === 'twilio' ? phone : undefined;
  const inbound = phone?.direction === 'inbound';
  return {
    id: c.conversationId,
    agentId: c.agentId,
    state: toConversationState(c.status),
    startedAt: fromUnix(meta.startTimeUnixSecs),
    durationSeconds: meta.callDurationSecs,
    credits: decimalOf(meta.cost),
    costUsd: decimalOf(meta.costFiat),
    charges: toCharges(meta.charging),
    callSid: twilioCall?.callSid ?? null,
    direction: !phone ? CallDirection.Web : inbound ? CallDirection.Inbound : CallDirection.Outbound,
    from: !phone ? null : inbound ? phone.externalNumber : phone.agentNumber,
    to: !phone ? null : inbound ? phone.agentNumber : phone.externalNumber,
    terminationReason: meta.terminationReason ?? null,
  };
}

/** The vendor's charging object: its charges are credits, its prices US dollars. */
export function toCharges(charging: Charging | undefined): ChargeBreakdown {
  return {
    llmCredits: decimalOf(charging?.llmCharge),
    callCredits: decimalOf(charging?.callCharge),
    platformCredits: decimalOf(charging?.platformCharge),
    llmCostUsd: decimalOf(charging?.llmPrice),
    platformCostUsd: decimalOf(charging?.platformPrice),
  };
}

/**
 * The client has already parsed the JSON, so amounts arrive as JS numbers. A JSON number of up to
 * 15 significant digits survives that round trip exactly (IEEE-754 doubles hold 15 decimal digits),
 * and `String()` gives back its shortest form, which is that literal; vendor amounts are far
 * shorter. From here on they are decimal strings.
 */
export function decimalOf(value: number | null | undefined): string | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return new Decimal(String(value)).toFixed();
}

function fromUnix(seconds: number): Date {
  return new Date(seconds * 1000);
}
