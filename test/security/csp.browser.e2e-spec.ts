import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { watchCsp } from './csp-watch.js';

/** Debian's Chromium (`.ci/run` installs it); never a downloaded browser. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

// The panel's own browser test (test/admin/panel.browser.e2e-spec.ts) checks it under its CSP.
(CHROMIUM ? describe : describe.skip)('the Swagger UI under its Content-Security-Policy', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders the API document with nothing refused', async () => {
    const violations: string[] = [];
    const page = await browser.newPage();
    await watchCsp(page, violations);
    const base = `http://127.0.0.1:${(t.app.getHttpServer() as { address(): AddressInfo }).address().port}`;
    const res = await page.goto(`${base}/api/docs`);
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.waitForSelector('.swagger-ui .info .title:has-text("Simbiosia Backoffice API")');
    await page.waitForSelector('.opblock-tag-section');
    expect(violations).toEqual([]);
  });
});
