import type { WorkspaceFigures } from '../reporting/reporting.service.js';
import { topLines } from './costs-messages.js';

const row = (name: string, totalCost: string): WorkspaceFigures =>
  ({ name, slug: name.toLowerCase(), workspaceId: name, calls: 3, totalCost, unpricedCalls: 0, estimatedCalls: 0 }) as WorkspaceFigures;

describe('topLines', () => {
  it("gives each workspace's share of the total from exact decimals, rounded half up", () => {
    // 0.145 / 1 in floats is 14.499999999999998, which rounds down to 14.
    expect(topLines('en', [row('Acme', '0.145'), row('Globex', '0.855')], '1', 'USD')).toBe('1. Acme — $0.15 (15 %)\n2. Globex — $0.86 (86 %)');
  });

  it("writes the amounts in the report's currency", () => {
    expect(topLines('es', [row('Acme', '0.145'), row('Globex', '0.855')], '1', 'EUR')).toBe('1. Acme — 0,15\u00a0€ (15 %)\n2. Globex — 0,86\u00a0€ (86 %)');
  });

  it('leaves the share out when the total is nothing', () => {
    expect(topLines('es', [row('Acme', '0')], '0', 'USD')).not.toContain('%');
  });
});
