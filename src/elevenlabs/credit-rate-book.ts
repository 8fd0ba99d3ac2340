import type { CreditRate } from '../entities/index.js';

export interface RateInForce {
  pricePerCredit: string;
  currency: string;
}

/**
 * The credit rates in force by date: a workspace's own rate when it has one from that date, else
 * the global one. Built once per sync from the `credit_rates` table.
 */
export class CreditRateBook {
  private readonly global: CreditRate[];
  private readonly byWorkspace = new Map<string, CreditRate[]>();

  constructor(rates: CreditRate[]) {
    const newestFirst = [...rates].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
    this.global = newestFirst.filter((r) => r.workspaceId === null);
    for (const r of newestFirst) {
      if (r.workspaceId === null) continue;
      const list = this.byWorkspace.get(r.workspaceId) ?? [];
      list.push(r);
      this.byWorkspace.set(r.workspaceId, list);
    }
  }

  /** The rate for a call on `day` (YYYY-MM-DD, UTC), or null when none is in force yet. */
  rateFor(workspaceId: string, day: string): RateInForce | null {
    const pick = (list: CreditRate[] | undefined) => list?.find((r) => r.effectiveFrom <= day);
    const rate = pick(this.byWorkspace.get(workspaceId)) ?? pick(this.global);
    return rate ? { pricePerCredit: rate.pricePerCredit, currency: rate.currency } : null;
  }
}
