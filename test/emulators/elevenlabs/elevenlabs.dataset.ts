import { Decimal } from 'decimal.js';
import type { ElevenlabsConversation } from './elevenlabs.emulator.js';

/** A Twilio call that a conversation must carry, so a test can join this data set with a Twilio one. */
export interface ElevenlabsTwilioCallLink {
  callSid: string;
  agentId?: string;
  startTimeUnixSecs?: number;
  durationSecs?: number;
  direction?: 'inbound' | 'outbound';
  agentNumber?: string;
  externalNumber?: string;
}

export interface ElevenlabsDatasetOptions {
  seed: number | string;
  agentIds: readonly string[];
  conversations: number;
  days: number;
  /** End of the window (exclusive): a Date or unix seconds. Start times fall in [end - days, end). */
  endDate: Date | number;
  /** Share (0..1) of conversations, the newest ones, that carry `cost_fiat`; older ones predate it. */
  withFiatShare: number;
  /** Share (0..1) of the conversations not linked to `callSids` that are phone calls; the rest are web widget. */
  phoneShare: number;
  /** Twilio call SIDs (or fuller links) each given to exactly one Twilio phone conversation. */
  callSids?: readonly (string | ElevenlabsTwilioCallLink)[];
  /** Credits charged per minute of call; default 400. */
  creditsPerMinute?: number;
}

/** The per-conversation values a cost computation needs, as exact decimal strings. */
export interface ElevenlabsConversationFacts {
  conversationId: string;
  agentId: string;
  startTimeUnixSecs: number;
  durationSecs: number;
  status: 'done' | 'failed';
  callSuccessful: 'success' | 'failure' | 'unknown';
  /** metadata.cost: integer credits (call_charge + llm_charge). */
  credits: number;
  callCredits: number;
  llmCredits: number;
  llmPriceUsd: string;
  /** Present only where cost_fiat is: charging.platform_price. */
  platformPriceUsd: string | null;
  /** metadata.cost_fiat = llm_price + platform_price, or null where the field is absent. */
  costFiatUsd: string | null;
  phoneType: 'twilio' | 'sip_trunking' | null;
  callSid: string | null;
}

export interface ElevenlabsDatasetTotals {
  count: number;
  credits: number;
  seconds: number;
  costFiatCount: number;
  /** Sum of cost_fiat over the conversations that have it, exact. */
  costFiatUsd: string;
}

export interface ElevenlabsDataset {
  /** Newest first, the list endpoint's order. */
  conversations: ElevenlabsConversation[];
  facts: ElevenlabsConversationFacts[];
  totals: ElevenlabsDatasetTotals;
  byAgent: Record<string, ElevenlabsDatasetTotals>;
}

export const LLM_MODEL = 'gemini-2.0-flash-001';
// Prices are counted in integer units of 1e-7 USD, so every amount is exact without floats.
const UNITS_PER_USD = 10_000_000;
const UNITS_PER_INPUT_TOKEN = 1; // $0.10 per million input tokens
const UNITS_PER_OUTPUT_TOKEN = 4; // $0.40 per million output tokens
const PLATFORM_UNITS_PER_SECOND = 16_000; // $0.096 per minute
const LLM_CREDITS_PER_USD = 5000;
const { floor, imul, min, max, round } = Math; // module-scope: global look-ups are slow inside jest's VM context
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const HEX = '0123456789abcdef';
const SUMMARIES = [
  'The caller asked about opening hours and the agent gave them.',
  'The user wanted to reschedule an appointment; the agent booked a new slot.',
  'The caller asked for a price quote and was sent one by email.',
  'The user reported a billing problem and was transferred to a human.',
];
const LINES = [
  'Hello, how can I help you today?',
  'I would like to know your opening hours.',
  'Of course, let me check that for you.',
  'Thanks, that is all I needed.',
  'Is there anything else I can help with?',
  'Can I move my appointment to Friday?',
];
// Shared, read-only sub-objects keep the heap small for large data sets.
const NO_FEEDBACK = Object.freeze({ overall_score: null, likes: 0, dislikes: 0 });
const NO_LLM_USAGE = Object.freeze({ model_usage: Object.freeze({}) });
const NO_RESULTS = Object.freeze({});
const TERMINATIONS = ['Call ended by remote party', 'end_call tool was called.', 'Client disconnected: 1000'];

/** Exact decimal string of an integer count of 1e-7 USD units. */
function usd(units: number): string {
  const whole = floor(units / UNITS_PER_USD);
  const frac = String(units - whole * UNITS_PER_USD)
    .padStart(7, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Small, fast, seedable PRNG (mulberry32): the same seed always yields the same data set. */
function prng(seed: number | string): () => number {
  let h = 2166136261;
  for (const ch of String(seed)) h = imul(h ^ ch.charCodeAt(0), 16777619);
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function summarizeElevenlabsFacts(facts: readonly ElevenlabsConversationFacts[]): ElevenlabsDatasetTotals {
  let credits = 0;
  let seconds = 0;
  let costFiatCount = 0;
  let fiat = new Decimal(0);
  for (const f of facts) {
    credits += f.credits;
    seconds += f.durationSecs;
    if (f.costFiatUsd !== null) {
      costFiatCount += 1;
      fiat = fiat.plus(f.costFiatUsd);
    }
  }
  return { count: facts.length, credits, seconds, costFiatCount, costFiatUsd: fiat.toFixed() };
}

/** US dollars for the facts when every credit costs `usdPerCredit`; `preferFiat` uses cost_fiat where present. */
export function elevenlabsUsdAtCreditRate(facts: readonly ElevenlabsConversationFacts[], usdPerCredit: string, preferFiat = false): string {
  let total = new Decimal(0);
  for (const f of facts) {
    total = total.plus(preferFiat && f.costFiatUsd !== null ? f.costFiatUsd : new Decimal(f.credits).times(usdPerCredit));
  }
  return total.toFixed();
}

export function generateElevenlabsDataset(options: ElevenlabsDatasetOptions): ElevenlabsDataset {
  const rand = prng(options.seed);
  const pick = <T>(items: readonly T[]): T => items[floor(rand() * items.length)];
  // `chars` has 16 or 32 symbols: one draw yields six of them.
  const token = (chars: string, length: number): string => {
    const bits = chars.length === 16 ? 4 : 5;
    let out = '';
    while (out.length < length) {
      let word = floor(rand() * 2 ** 30);
      for (let k = 0; k < 6 && out.length < length; k++, word >>>= bits) out += chars[word & (chars.length - 1)];
    }
    return out;
  };
  const phone = (): string => `+1${200 + floor(rand() * 800)}${String(floor(rand() * 1e7)).padStart(7, '0')}`;
  const links = (options.callSids ?? []).map((l) => (typeof l === 'string' ? { callSid: l } : l));
  if (options.agentIds.length === 0) throw new Error('agentIds must not be empty');
  if (links.length > options.conversations) throw new Error('more callSids than conversations');
  for (const share of [options.withFiatShare, options.phoneShare]) {
    if (!(share >= 0 && share <= 1)) throw new Error('withFiatShare and phoneShare must lie in [0, 1]');
  }
  const end = options.endDate instanceof Date ? floor(options.endDate.getTime() / 1000) : options.endDate;
  const span = max(1, round(options.days * 86400));
  const creditsPerMinute = options.creditsPerMinute ?? 400;
  const agentNumbers = new Map<string, string>();
  const agentNames = new Map(options.agentIds.map((id, i) => [id, `Agent ${i + 1}`]));
  const phoneNumberIds = new Map<string, string>();
  const phoneNumberId = (agentId: string): string => {
    let id = phoneNumberIds.get(agentId);
    if (!id) phoneNumberIds.set(agentId, (id = `phnum_${token(ALPHABET, 26)}`));
    return id;
  };
  const agentNumber = (agentId: string): string => {
    let number = agentNumbers.get(agentId);
    if (!number) agentNumbers.set(agentId, (number = phone()));
    return number;
  };

  // Start times first, so that "older conversations have no cost_fiat" is a cut by rank in time.
  const slots = Array.from({ length: options.conversations }, (_, i) => ({
    link: i < links.length ? links[i] : undefined,
    start: i < links.length && links[i].startTimeUnixSecs !== undefined ? links[i].startTimeUnixSecs : end - span + floor(rand() * span),
    order: i,
  }));
  slots.sort((a, b) => a.start - b.start || a.order - b.order);
  const firstFiat = options.conversations - round(options.withFiatShare * options.conversations);
  const ids = new Set<string>();
  const transcripts = new Map<number, ElevenlabsConversation['transcript']>();

  const conversations: ElevenlabsConversation[] = [];
  const facts: ElevenlabsConversationFacts[] = [];
  slots.forEach((slot, rank) => {
    let conversationId = `conv_${token(ALPHABET, 26)}`;
    while (ids.has(conversationId)) conversationId = `conv_${token(ALPHABET, 26)}`;
    ids.add(conversationId);
    const agentId = slot.link?.agentId ?? pick(options.agentIds);
    const failed = rand() < 0.03;
    const durationSecs = slot.link?.durationSecs ?? (failed ? 1 + floor(rand() * 15) : 8 + floor(rand() * rand() * 900));
    const callSuccessful = failed ? 'failure' : pick(['success', 'success', 'success', 'success', 'failure', 'unknown'] as const);
    const turns = min(6, 2 + floor(durationSecs / 60));
    const inputTokens = turns * (300 + floor(rand() * 900));
    const outputTokens = turns * (20 + floor(rand() * 80));
    const inputUnits = inputTokens * UNITS_PER_INPUT_TOKEN;
    const outputUnits = outputTokens * UNITS_PER_OUTPUT_TOKEN;
    const llmUnits = inputUnits + outputUnits;
    const llmCredits = floor((llmUnits * LLM_CREDITS_PER_USD + UNITS_PER_USD / 2) / UNITS_PER_USD);
    const callCredits = round((durationSecs * creditsPerMinute) / 60);
    const withFiat = rank >= firstFiat;
    const platformPrice = withFiat ? usd(durationSecs * PLATFORM_UNITS_PER_SECOND) : null;
    const costFiat = withFiat ? usd(llmUnits + durationSecs * PLATFORM_UNITS_PER_SECOND) : null;
    const llmPrice = usd(llmUnits);

    const phoneType = slot.link ? 'twilio' : rand() < options.phoneShare ? (rand() < 0.85 ? 'twilio' : 'sip_trunking') : null;
    const callSid =
      slot.link?.callSid ??
      (phoneType === 'twilio' ? `CA${token(HEX, 32)}` : phoneType ? `${token(HEX, 8)}-${token(HEX, 4)}-4${token(HEX, 3)}-a${token(HEX, 3)}-${token(HEX, 12)}` : null);
    const base = {
      direction: slot.link?.direction ?? (rand() < 0.7 ? ('inbound' as const) : ('outbound' as const)),
      phone_number_id: phoneNumberId(agentId),
      agent_number: slot.link?.agentNumber ?? agentNumber(agentId),
      external_number: slot.link?.externalNumber ?? phone(),
      call_sid: callSid!,
    };
    const phoneCall =
      phoneType === 'twilio'
        ? { type: 'twilio' as const, ...base, stream_sid: `MZ${token(HEX, 32)}` }
        : phoneType === 'sip_trunking'
          ? { type: 'sip_trunking' as const, ...base, call_id: callSid }
          : null;

    // Shared between conversations of equal duration: 100,000 conversations then fit in about 300 MB.
    let transcript = transcripts.get(durationSecs);
    if (!transcript) {
      transcript = Array.from({ length: turns }, (_, t) => ({
        role: t % 2 === 0 ? ('agent' as const) : ('user' as const),
        message: LINES[t % LINES.length],
        time_in_call_secs: floor((t * durationSecs) / turns),
      }));
      transcripts.set(durationSecs, transcript);
    }
    const summary = pick(SUMMARIES);
    conversations.push({
      agent_id: agentId,
      agent_name: agentNames.get(agentId) ?? agentId,
      conversation_id: conversationId,
      status: failed ? 'failed' : 'done',
      user_id: null,
      transcript,
      metadata: {
        start_time_unix_secs: slot.start,
        accepted_time_unix_secs: slot.start,
        call_duration_secs: durationSecs,
        cost: callCredits + llmCredits,
        feedback: NO_FEEDBACK,
        authorization_method: phoneCall ? 'public' : 'signed_url',
        charging: {
          dev_discount: false,
          is_burst: false,
          tier: 'pro',
          llm_usage: {
            irreversible_generation: {
              model_usage: {
                [LLM_MODEL]: {
                  input: { tokens: inputTokens, price: Number(usd(inputUnits)) },
                  output_total: { tokens: outputTokens, price: Number(usd(outputUnits)) },
                },
              },
            },
            initiated_generation: NO_LLM_USAGE,
          },
          llm_price: Number(llmPrice),
          llm_charge: llmCredits,
          call_charge: callCredits,
          ...(platformPrice ? { platform_price: Number(platformPrice) } : {}),
          free_minutes_consumed: 0,
          free_llm_dollars_consumed: 0,
        },
        phone_call: phoneCall,
        termination_reason: failed ? 'Client disconnected: 1006' : pick(TERMINATIONS),
        error: null,
        main_language: 'en',
        text_only: false,
        conversation_initiation_source: phoneType === 'twilio' ? 'twilio' : phoneType ? 'sip_trunk' : 'widget',
        // Absent, not null, on conversations that predate fiat cost tracking.
        ...(costFiat ? { cost_fiat: Number(costFiat) } : {}),
      },
      analysis: {
        evaluation_criteria_results: NO_RESULTS,
        data_collection_results: NO_RESULTS,
        call_successful: callSuccessful,
        transcript_summary: summary,
        call_summary_title: summary.split(' ').slice(1, 5).join(' '),
      },
      has_audio: true,
      has_user_audio: true,
      has_response_audio: true,
      has_auxiliary_audio: false,
    });
    facts.push({
      conversationId,
      agentId,
      startTimeUnixSecs: slot.start,
      durationSecs,
      status: failed ? 'failed' : 'done',
      callSuccessful,
      credits: callCredits + llmCredits,
      callCredits,
      llmCredits,
      llmPriceUsd: llmPrice,
      platformPriceUsd: platformPrice,
      costFiatUsd: costFiat,
      phoneType,
      callSid,
    });
  });

  // Same order as the emulator's list: newest first, equal start times by conversation_id descending.
  const order = facts.map((_, i) => i);
  order.sort((a, b) => {
    const dt = facts[b].startTimeUnixSecs - facts[a].startTimeUnixSecs;
    return dt !== 0 ? dt : facts[b].conversationId < facts[a].conversationId ? -1 : 1;
  });
  const sortedFacts = order.map((i) => facts[i]);
  const byAgent: Record<string, ElevenlabsDatasetTotals> = {};
  for (const agentId of new Set(sortedFacts.map((f) => f.agentId))) {
    byAgent[agentId] = summarizeElevenlabsFacts(sortedFacts.filter((f) => f.agentId === agentId));
  }
  return {
    conversations: order.map((i) => conversations[i]),
    facts: sortedFacts,
    totals: summarizeElevenlabsFacts(sortedFacts),
    byAgent,
  };
}
