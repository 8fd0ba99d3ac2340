import type { MoneySum } from './report-conversion.js';
import { elevenlabsCurrencySql, twilioCurrencySql } from './report-source.js';

/**
 * A call's cost by component, as SQL over the calls row. The expressions are the definitions of three
 * stored generated columns on `calls` (CallComponents migration): PostgreSQL recomputes them whenever
 * the sync, a factory, the seed or a repricing writes the vendor figures, so no write path can forget
 * them and a backfill is the column's own definition.
 * Changing an expression here changes the entity: generate a migration for it (the drift test fails until then).
 *
 * Components, each in the currency its vendor billed (reports convert them per UTC day):
 *  - telephony: the Twilio legs, which is `twilio_cost` itself (in `twilio_price_unit`); no copy is kept.
 *  - the ElevenLabs parts below, in `elevenlabs_currency`.
 *  - agent platform (`elevenlabs_platform_cost`): ElevenLabs' call/voice and platform charges.
 *  - LLM (`elevenlabs_llm_cost`): ElevenLabs' language-model charge.
 *  - unsplit (`elevenlabs_unsplit_cost`): what the vendor did not break down. Counted as such, never guessed.
 *
 * The rule, by the basis that priced the conversation (`elevenlabs_cost_basis`):
 *  - vendor (`cost_fiat`): the vendor's own dollar prices of the LLM and the platform, when it gives
 *    at least one, none is negative and together they do not exceed the cost; the rest is unsplit.
 *    A breakdown that exceeds the cost contradicts the vendor's total: all of it is then unsplit.
 *  - credit_rate (cost = credits × rate): each part is its credits × the same rate, read back as
 *    cost / credits (multiplied before dividing, so an exact rate gives exact parts), truncated to
 *    the column's 10 decimals so a part is never overstated; the rest (call credits the vendor did
 *    not attribute, and at most 1e-10 a part of rounding) is unsplit.
 *  - estimate, or no breakdown at all: the whole cost is unsplit.
 * With no ElevenLabs cost (a Twilio-only call, or credits still without a rate) all three are null.
 *
 * Invariant, exact for every call because unsplit is defined as the remainder:
 *   COALESCE(twilio_cost,0) + COALESCE(platform,0) + COALESCE(llm,0) + COALESCE(unsplit,0)
 *     = COALESCE(twilio_cost,0) + COALESCE(elevenlabs_cost,0)
 * (a generated column cannot read another one, so unsplit repeats the two parts' expressions).
 */

const COST = 'elevenlabs_cost';
const LLM_USD = 'elevenlabs_llm_cost_usd';
const PLATFORM_USD = 'elevenlabs_platform_cost_usd';
const CREDITS = 'elevenlabs_credits';
const LLM_CREDITS = 'elevenlabs_llm_credits';
const CALL_CREDITS = 'elevenlabs_call_credits';
const PLATFORM_CREDITS = 'elevenlabs_platform_credits';

const vendorFits =
  `(${LLM_USD} IS NOT NULL OR ${PLATFORM_USD} IS NOT NULL) AND COALESCE(${LLM_USD}, 0) >= 0 AND COALESCE(${PLATFORM_USD}, 0) >= 0 ` +
  `AND COALESCE(${LLM_USD}, 0) + COALESCE(${PLATFORM_USD}, 0) <= ${COST}`;

const creditsFit =
  `${CREDITS} > 0 AND (${LLM_CREDITS} IS NOT NULL OR ${CALL_CREDITS} IS NOT NULL OR ${PLATFORM_CREDITS} IS NOT NULL) ` +
  `AND COALESCE(${LLM_CREDITS}, 0) >= 0 AND COALESCE(${CALL_CREDITS}, 0) >= 0 AND COALESCE(${PLATFORM_CREDITS}, 0) >= 0 ` +
  `AND COALESCE(${LLM_CREDITS}, 0) + COALESCE(${CALL_CREDITS}, 0) + COALESCE(${PLATFORM_CREDITS}, 0) <= ${CREDITS}`;

/** One part: the vendor's dollar price, or its credits × the call's rate, else 0 (not broken down). */
function part(usd: string, credits: string): string {
  return (
    `CASE WHEN elevenlabs_cost_basis = 'vendor' AND ${vendorFits} THEN COALESCE(${usd}, 0) ` +
    `WHEN elevenlabs_cost_basis = 'credit_rate' AND ${creditsFit} THEN trunc(${credits} * ${COST} / ${CREDITS}, 10) ` +
    `ELSE 0 END`
  );
}

const llmPart = part(LLM_USD, `COALESCE(${LLM_CREDITS}, 0)`);
const platformPart = part(PLATFORM_USD, `(COALESCE(${CALL_CREDITS}, 0) + COALESCE(${PLATFORM_CREDITS}, 0))`);

/** Generated-column expressions; null while the conversation has no money cost. */
export const LLM_COST_SQL = `CASE WHEN ${COST} IS NULL THEN NULL ELSE ${llmPart} END`;
export const PLATFORM_COST_SQL = `CASE WHEN ${COST} IS NULL THEN NULL ELSE ${platformPart} END`;
export const UNSPLIT_COST_SQL = `CASE WHEN ${COST} IS NULL THEN NULL ELSE ${COST} - (${llmPart}) - (${platformPart}) END`;

/** The components of a calls alias's rows as sums to convert (report-conversion.ts), each with its billing currency. */
export function componentMoney(alias: string): MoneySum[] {
  const twilio = twilioCurrencySql(alias);
  const elevenlabs = elevenlabsCurrencySql(alias);
  return [
    { name: 'telephony', sum: `COALESCE(sum(${alias}.twilio_cost), 0)`, currency: twilio },
    { name: 'agent_platform', sum: `COALESCE(sum(${alias}.elevenlabs_platform_cost), 0)`, currency: elevenlabs },
    { name: 'llm', sum: `COALESCE(sum(${alias}.elevenlabs_llm_cost), 0)`, currency: elevenlabs },
    { name: 'unsplit', sum: `COALESCE(sum(${alias}.elevenlabs_unsplit_cost), 0)`, currency: elevenlabs },
  ];
}
