import { period } from './agents.report.js';

describe('an agent period: components summed exactly, each per minute', () => {
  it('divides every component by the minutes (sum × 60 / seconds), 6 decimals, and totals the four', () => {
    const p = period({ calls: '3', seconds: '45', telephony: '0.0064', agent_platform: '0.0200000000', llm: '0.01', unsplit: '0' });
    expect(p).toEqual({
      calls: 3,
      seconds: 45,
      minutes: '0.75',
      cost: { telephony: '0.0064', agentPlatform: '0.02', llm: '0.01', unsplit: '0', total: '0.0364' },
      costPerMinute: { telephony: '0.008533', agentPlatform: '0.026667', llm: '0.013333', unsplit: '0.000000', total: '0.048533' },
    });
  });

  it('has no cost per minute without minutes', () => {
    const p = period({ calls: '1', seconds: '0', telephony: '0.01', agent_platform: '0', llm: '0', unsplit: '0' });
    expect(p.costPerMinute).toEqual({ telephony: null, agentPlatform: null, llm: null, unsplit: null, total: null });
    expect(p.cost.total).toBe('0.01');
  });
});
