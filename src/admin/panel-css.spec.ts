import type { ResourceWithOptions } from 'adminjs';
import { panelCss, phoneColumnsCss } from './panel-css.js';

const resource = (id: string, options: ResourceWithOptions['options']): ResourceWithOptions => ({ resource: { id: () => id }, options });

describe("the panel's phone stylesheet", () => {
  it("keeps a resource's phone columns, header cells by their place after the selection box, and drops an unusable selection column", () => {
    const css = phoneColumnsCss([
      resource('calls', {
        listProperties: ['startedAt', 'workspaceId', 'status', 'totalCost'],
        properties: { status: { custom: { phone: true } }, totalCost: { custom: { phone: true } }, workspaceId: {} },
        actions: { bulkDelete: { isAccessible: false } },
      }),
      resource('workspaces', { listProperties: ['name', 'slug'], properties: {} }),
    ]);
    expect(css).toContain('@media (max-width: 768.98px)');
    for (const selector of [
      '[data-css="calls-status-table-cell"]',
      '[data-css="calls-table-head-row"] > :nth-child(4)',
      '[data-css="calls-totalCost-table-cell"]',
      '[data-css="calls-table-head-row"] > :nth-child(5)',
    ]) {
      expect(css).toMatch(new RegExp(`${selector.replace(/[[\]().>:*]/g, '\\$&')}[^{]*\\{ display: table-cell !important; \\}`));
    }
    expect(css).toMatch(/\[data-css="calls-table-row"\] > :first-child \{ display: none !important; \}/);
    expect(css).not.toContain('workspaces');
  });

  it('has no phone rules when no list asks for any, and always keeps words whole in list cells', () => {
    expect(phoneColumnsCss([resource('workspaces', { listProperties: ['name'] })])).toBe('');
    expect(panelCss([])).toBe('table td[data-css$="-table-cell"] { word-break: normal; overflow-wrap: break-word; }\n');
  });
});
