import type { ElevenLabs } from '@elevenlabs/elevenlabs-js';
import { Decimal } from 'decimal.js';
import { CallDirection } from '../entities/index.js';
import type { ConversationDetail, ConversationSummary } from './elevenlabs.port.js';

type Detail = ElevenLabs.GetConversationResponseModel;
type Summary = ElevenLabs.ConversationSummaryResponseModel;

export function toSummary(c: Summary): ConversationSummary {
  return { id: c.conversationId, agentId: c.agentId, startedAt: fromUnix(c.startTimeUnixSecs), status: c.status };
}

/** Turns the client's camelCase charging object back into the vendor's wire form. */
export type ChargingToWire = (charging: NonNullable<Detail['metadata']['charging']>) => Record<string, unknown>;

export function toDetail(c: Detail, chargingToWire: ChargingToWire): ConversationDetail {
  const meta = c.metadata;
  const phone = meta.phoneCall;
  const twilioCall = phone?.type === 'twilio' ? phone : undefined;
  const inbound = phone?.direction === 'inbound';
  return {
    id: c.conversationId,
    agentId: c.agentId,
    status: c.status,
    startedAt: fromUnix(meta.startTimeUnixSecs),
    durationSeconds: meta.callDurationSecs,
    credits: decimalOf(meta.cost),
    costUsd: decimalOf(meta.costFiat),
    charging: meta.charging ? chargingToWire(meta.charging) : null,
    callSid: twilioCall?.callSid ?? null,
    direction: !phone ? CallDirection.Web : inbound ? CallDirection.Inbound : CallDirection.Outbound,
    from: !phone ? null : inbound ? phone.externalNumber : phone.agentNumber,
    to: !phone ? null : inbound ? phone.agentNumber : phone.externalNumber,
    terminationReason: meta.terminationReason ?? null,
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
