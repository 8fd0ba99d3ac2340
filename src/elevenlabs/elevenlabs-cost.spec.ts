import { ElevenlabsCostBasis } from '../entities/index.js';
import { CreditRateBook } from './credit-rate-book.js';
import { conversationCost, type CostRule } from './elevenlabs-cost.js';

const rate = { pricePerCredit: '0.00003', currency: 'USD' };
const vendorRule: CostRule = { basis: 'vendor', rate, usdPerMinute: '0.10' };

describe('conversationCost', () => {
  it('prefers the vendor dollar cost, keeping it exact', () => {
    expect(conversationCost({ credits: '1234', costUsd: '0.0123456', durationSeconds: 90 }, vendorRule)).toEqual({
      cost: '0.0123456',
      currency: 'USD',
      basis: ElevenlabsCostBasis.Vendor,
      estimated: false,
    });
  });

  it('falls back to credits × rate when the vendor gives no dollar cost', () => {
    expect(conversationCost({ credits: '1234', costUsd: null, durationSeconds: 90 }, vendorRule)).toMatchObject({
      cost: '0.03702',
      basis: ElevenlabsCostBasis.CreditRate,
      estimated: false,
    });
  });

  it('with the credits basis, the credit rate wins over the vendor cost', () => {
    const rule: CostRule = { ...vendorRule, basis: 'credits' };
    expect(conversationCost({ credits: '1000', costUsd: '0.5', durationSeconds: 60 }, rule)).toMatchObject({
      cost: '0.03',
      basis: ElevenlabsCostBasis.CreditRate,
    });
    // ...and without a rate the vendor cost still prices it.
    expect(conversationCost({ credits: '1000', costUsd: '0.5', durationSeconds: 60 }, { ...rule, rate: null })).toMatchObject({
      cost: '0.5',
      basis: ElevenlabsCostBasis.Vendor,
    });
  });

  it('estimates from minutes only when the vendor gives neither cost nor credits', () => {
    expect(conversationCost({ credits: null, costUsd: null, durationSeconds: 90 }, vendorRule)).toEqual({
      cost: '0.15',
      currency: 'USD',
      basis: ElevenlabsCostBasis.Estimate,
      estimated: true,
    });
  });

  it('leaves credits without a rate unpriced instead of guessing', () => {
    expect(conversationCost({ credits: '500', costUsd: null, durationSeconds: 60 }, { ...vendorRule, rate: null })).toEqual({
      cost: null,
      currency: null,
      basis: null,
      estimated: false,
    });
  });
});

describe('CreditRateBook', () => {
  const row = (workspaceId: string | null, effectiveFrom: string, pricePerCredit: string) => ({
    id: `${workspaceId}-${effectiveFrom}`,
    workspaceId,
    effectiveFrom,
    pricePerCredit,
    currency: 'USD',
    createdAt: new Date(),
  });
  const book = new CreditRateBook([row(null, '2026-01-01', '0.00003'), row(null, '2026-06-01', '0.00002'), row('ws-a', '2026-09-01', '0.00001')]);

  it('applies the rate in force on the call date, so a plan change does not rewrite past months', () => {
    expect(book.rateFor('ws-b', '2026-05-31')?.pricePerCredit).toBe('0.00003');
    expect(book.rateFor('ws-b', '2026-06-01')?.pricePerCredit).toBe('0.00002');
    expect(book.rateFor('ws-b', '2025-12-31')).toBeNull();
  });

  it("prefers the workspace's own rate from its date, and the global one before it", () => {
    expect(book.rateFor('ws-a', '2026-08-31')?.pricePerCredit).toBe('0.00002');
    expect(book.rateFor('ws-a', '2026-09-01')?.pricePerCredit).toBe('0.00001');
  });
});
