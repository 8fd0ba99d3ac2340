import { type CallDirection, type ConversationState, FINAL_CONVERSATION_STATES } from '../entities/index.js';
import type { ListProgress } from '../twilio/twilio.port.js';

/** What the rest of the app knows of ElevenLabs conversations: our own types, no vendor field names. */
export const ELEVENLABS_PORT = Symbol('ELEVENLABS_PORT');

export interface ConversationSummary {
  id: string;
  agentId: string;
  startedAt: Date;
  state: ConversationState;
}

/**
 * How the vendor broke a conversation's charge down, each part a decimal string, or null where it
 * did not break that part down (never derived from the total).
 */
export interface ChargeBreakdown {
  llmCredits: string | null;
  /** The call itself: its voice minutes. */
  callCredits: string | null;
  /** Platform features the vendor lists apart from the call. */
  platformCredits: string | null;
  llmCostUsd: string | null;
  /** The platform's (voice, call) dollar cost; with the LLM's, the conversation's dollar cost. */
  platformCostUsd: string | null;
}

export interface ConversationDetail {
  id: string;
  agentId: string;
  state: ConversationState;
  startedAt: Date;
  durationSeconds: number;
  /** Credits charged (`metadata.cost`), as a decimal string; null when the vendor gives none. */
  credits: string | null;
  /** US dollars the vendor charged (`metadata.cost_fiat`); null on conversations before fiat tracking. */
  costUsd: string | null;
  charges: ChargeBreakdown;
  /** Twilio call SID of its phone call; null for web-widget and non-Twilio (SIP) conversations. */
  callSid: string | null;
  direction: CallDirection;
  from: string | null;
  to: string | null;
  terminationReason: string | null;
}

export interface ConversationListQuery {
  /** Only this agent's conversations; every agent of the key when absent. */
  agentId?: string;
  startedAfter: Date;
  startedBefore: Date;
}

/** One UTC day of the vendor's workspace usage analytics: credits of every product, as a decimal string. */
export interface CreditsDay {
  day: string;
  credits: string;
}

/**
 * The vendor's daily credits, or its refusal of a key that lacks the permission to read usage
 * analytics (an expected state of a key, not an error). Other failures are thrown.
 */
export type DailyCreditsOutcome = { access: 'ok'; days: CreditsDay[] } | { access: 'forbidden'; reason: string };

export interface ElevenlabsPort {
  /** Conversations in the window, newest first, a page at a time; `onPage` is awaited before the next page. */
  listConversations(apiKey: string, query: ConversationListQuery, onPage: (conversations: ConversationSummary[]) => Promise<void>): Promise<ListProgress>;
  getConversation(apiKey: string, conversationId: string): Promise<ConversationDetail>;
  /** The same, or null when ElevenLabs no longer has the conversation (404). */
  findConversation(apiKey: string, conversationId: string): Promise<ConversationDetail | null>;
  /** Every UTC day from `from` to `to` (YYYY-MM-DD, inclusive), a day without usage as '0'. */
  dailyCredits(apiKey: string, range: { from: string; to: string }): Promise<DailyCreditsOutcome>;
}

/** States after which a conversation's detail (duration, cost) no longer changes. */
export const FINAL_CONVERSATION_STATUSES: ReadonlySet<ConversationState> = new Set(FINAL_CONVERSATION_STATES);
