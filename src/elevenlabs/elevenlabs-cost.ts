import { Decimal } from 'decimal.js';
import { ElevenlabsCostBasis } from '../entities/index.js';
import type { RateInForce } from './credit-rate-book.js';

export interface ConversationCostInput {
  credits: string | null;
  /** The vendor's own US-dollar cost (`cost_fiat`), when it gives one. */
  costUsd: string | null;
  durationSeconds: number;
}

export interface CostRule {
  /** `vendor`: cost_fiat first; `credits`: credits × rate first (teams accounting by plan price). */
  basis: 'vendor' | 'credits';
  /** Rate in force on the call's date for its workspace (else global); null when none is set. */
  rate: RateInForce | null;
  /** ELEVENLABS_USD_PER_MINUTE, used only when the vendor gives neither cost nor credits. */
  usdPerMinute: string;
}

export interface ConversationCost {
  cost: string | null;
  currency: string | null;
  basis: ElevenlabsCostBasis | null;
  estimated: boolean;
}

/**
 * The money cost of one conversation, in this order: the vendor's `cost_fiat`; else credits × the
 * credit rate in force; else, only when the vendor gives neither, minutes × the per-minute estimate.
 * `basis: 'credits'` swaps the first two. Credits without a rate and without cost_fiat stay unpriced
 * (null) rather than guessed: a rate can be added later and the call repriced.
 */
export function conversationCost(input: ConversationCostInput, rule: CostRule): ConversationCost {
  const fromVendor = (): ConversationCost | null =>
    input.costUsd !== null ? { cost: new Decimal(input.costUsd).toFixed(), currency: 'USD', basis: ElevenlabsCostBasis.Vendor, estimated: false } : null;
  const fromCredits = (): ConversationCost | null =>
    input.credits !== null && rule.rate
      ? {
          cost: new Decimal(input.credits).times(rule.rate.pricePerCredit).toFixed(),
          currency: rule.rate.currency,
          basis: ElevenlabsCostBasis.CreditRate,
          estimated: false,
        }
      : null;

  const priced = rule.basis === 'credits' ? (fromCredits() ?? fromVendor()) : (fromVendor() ?? fromCredits());
  if (priced) return priced;
  if (input.credits === null && input.costUsd === null) {
    return {
      cost: new Decimal(input.durationSeconds).div(60).times(rule.usdPerMinute).toFixed(),
      currency: 'USD',
      basis: ElevenlabsCostBasis.Estimate,
      estimated: true,
    };
  }
  return { cost: null, currency: null, basis: null, estimated: false };
}
