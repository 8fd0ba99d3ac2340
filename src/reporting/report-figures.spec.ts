import { formatShare } from '../slack/slack-i18n.js';
import { callShare, provisionalShares } from './report-figures.js';

describe('shares of calls', () => {
  it('keeps 4 decimals for the API', () => {
    expect(callShare(1, 26)).toBe('0.0385');
    expect(callShare(0, 0)).toBeNull();
  });

  it('labels round once where shown: 1 of 26 calls is 3.8 %, not 3.9 % from a share already rounded', () => {
    const shares = provisionalShares({ calls: 26, unpricedCalls: 1, estimatedCalls: 0 });
    expect(shares.estimated).toBeNull();
    expect(formatShare('es', shares.unpriced!)).toBe('3,8 %');
    expect(formatShare('en', shares.unpriced!)).toBe('3.8 %');
    // The old path: a 4-decimal share (0.0385) rounded again reads one tenth too high.
    expect(formatShare('es', callShare(1, 26)!)).toBe('3,9 %');
  });

  it('says a tiny share is there rather than rounding it to zero', () => {
    const shares = provisionalShares({ calls: 100_000, unpricedCalls: 1, estimatedCalls: 0 });
    expect(formatShare('en', shares.unpriced!)).toBe('< 0.1 %');
  });
});
