import { isVendorCircularDependency, quietVendorCycles, type RollupWarning } from './rollup-warnings.js';

const cycle = (...ids: string[]): RollupWarning => ({ code: 'CIRCULAR_DEPENDENCY', message: `Circular dependency: ${ids.join(' -> ')}`, ids });

describe('the admin bundle step’s rollup warnings', () => {
  it('drops only circular imports that lie wholly in node_modules', () => {
    const vendor = cycle('/app/node_modules/recharts/lib/util/ChartUtils.js', '/app/node_modules/recharts/lib/util/getLegendProps.js');
    const ours = cycle('/app/src/admin/components/reconciliation.jsx', '/app/src/admin/components/reconciliation-elevenlabs.jsx');
    const mixed = cycle('/app/src/admin/components/chart.jsx', '/app/node_modules/recharts/lib/index.js');
    const other: RollupWarning = { code: 'UNRESOLVED_IMPORT', message: 'x', ids: ['/app/node_modules/a.js'] };
    expect(isVendorCircularDependency(vendor)).toBe(true);
    for (const warning of [ours, mixed, other, { code: 'CIRCULAR_DEPENDENCY', message: 'no ids' }]) {
      expect(isVendorCircularDependency(warning)).toBe(false);
    }

    const shown: RollupWarning[] = [];
    for (const warning of [vendor, ours, mixed, other]) quietVendorCycles(warning, (w) => shown.push(w));
    expect(shown).toEqual([ours, mixed, other]);
  });
});
