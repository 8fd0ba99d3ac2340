import type { Page } from 'playwright-core';

/**
 * Refusals known to be harmless, left out of what `watchCsp` reports: AdminJS's design-system bundle
 * finds the global object with webpack's `new Function("return this")()` inside a try/catch that
 * falls back to `window`, so refusing that eval (no 'unsafe-eval' on purpose) changes nothing.
 */
const HARMLESS = [/^script-src blocked eval at \S+\/admin\/frontend\/assets\/design-system\.bundle\.js:/];

/**
 * Collects what the browser refused under a Content-Security-Policy on this page: Chromium's own
 * console errors ("Refused to ... because it violates the following Content Security Policy
 * directive") and every `securitypolicyviolation` event, which also covers refusals a script caught.
 */
export async function watchCsp(page: Page, into: string[]): Promise<void> {
  const marker = 'CSP violation event: ';
  page.on('console', (msg) => {
    const text = msg.text();
    if (text.startsWith(marker) && HARMLESS.some((re) => re.test(text.slice(marker.length)))) return;
    if (/Content Security Policy|CSP violation/i.test(text)) into.push(`${page.url()}: ${text}`);
  });
  // Run in the page, as source text: this project compiles without the DOM's types.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => console.error('${marker}' + e.violatedDirective +
      ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));`,
  });
}
