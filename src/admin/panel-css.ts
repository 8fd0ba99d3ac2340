import type { ResourceWithOptions } from 'adminjs';

/** The panel's stylesheet, served by AdminMount and linked from every page through AdminJS's `assets.styles`. */
export const PANEL_CSS_PATH = '/panel.css';

/**
 * A list cell breaks a line between words, never inside one: AdminJS's cells allow breaking anywhere
 * (`word-break: break-word`), which splits "GLOBEX" into "GLOBE" and "X" when a column is narrow.
 */
// Element and attribute: more specific than the cell's styled-components class, which is injected after this sheet.
const WHOLE_WORDS = `table td[data-css$="-table-cell"] { word-break: normal; overflow-wrap: break-word; }\n`;

/** The panel's stylesheet: whole words in list cells, and the phone columns below. */
export function panelCss(resources: ResourceWithOptions[]): string {
  return WHOLE_WORDS + phoneColumnsCss(resources);
}

/**
 * Below 769 px AdminJS's lists show only the title column. This keeps, on a phone, the columns a
 * resource marks `custom.phone` (a call's status and total, say), header included: through the
 * `data-css` attributes AdminJS puts on its tables for styling. A header cell has none of its own, so
 * it is picked by its place in the row: the selection box, then `listProperties` in order.
 */
export function phoneColumnsCss(resources: ResourceWithOptions[]): string {
  const shown: string[] = [];
  const hidden: string[] = [];
  const narrow: string[] = [];
  for (const { resource, options } of resources) {
    const id = (resource as { id(): string }).id();
    // A list nobody can select rows of (no bulk action) gives its empty selection column's room back.
    if (options.actions?.bulkDelete?.isAccessible === false) hidden.push(`[data-css="${id}-table-head-row"] > :first-child`, `[data-css="${id}-table-row"] > :first-child`);
    const before = shown.length;
    (options.listProperties ?? []).forEach((path, index) => {
      if (options.properties?.[path]?.custom?.phone !== true) return;
      shown.push(`[data-css="${id}-${path}-table-cell"]`, `[data-css="${id}-table-head-row"] > :nth-child(${index + 2})`);
    });
    // Several columns side by side on a phone: the cells' padding shrinks so the row's actions (⋯) stay on screen.
    if (shown.length > before) narrow.push(`[data-css="${id}-table-head-row"] > *`, `[data-css="${id}-table-row"] > *`);
  }
  if (shown.length + hidden.length === 0) return '';
  // AdminJS sets the cells' display through generated classes, per breakpoint: only !important wins.
  const block = (selectors: string[], style: string) => (selectors.length ? `  ${selectors.join(',\n  ')} { ${style} }\n` : '');
  const rules =
    block(narrow, 'padding-left: 6px !important; padding-right: 6px !important;') + block(shown, 'display: table-cell !important;') + block(hidden, 'display: none !important;');
  return `@media (max-width: 768.98px) {\n${rules}}\n`;
}
