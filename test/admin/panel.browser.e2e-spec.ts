import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, chromium, type Page } from 'playwright-core';
import request from 'supertest';
import { AdminUsersService } from '../../src/admin/admin-users.service.js';
import { AdminRole } from '../../src/entities/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type SyncFixture, startSyncFixture } from '../sync/sync-fixture.js';
import { createWorkspaces, syncAndWait } from '../sync/sync-helpers.js';
import { watchCsp } from '../security/csp-watch.js';
import { ADMIN, ADMIN_ENV, VIEWER } from './admin-session.js';

/** Debian's Chromium (`.ci/run` installs it); never a downloaded browser. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
/** Screenshots and the downloaded workbook, kept after the run as test artifacts. */
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const STATS = ['calls', 'minutes', 'totalCost', 'twilioCost', 'elevenlabsCost', 'costPerMinute'] as const;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
// The fixture's calls span the 30 days up to yesterday.
const PERIOD = { from: day(-40), to: day(0) };

(CHROMIUM ? describe : describe.skip)('the panel in a real browser', () => {
  let fx: SyncFixture;
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    fx = await startSyncFixture({ calls: 160 });
    t = await startTestApp({ ...fx.env, ...ADMIN_ENV });
    await createWorkspaces(t, fx);
    await t.app.get(AdminUsersService).create(VIEWER.email, VIEWER.password, AdminRole.Viewer);
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await fx?.stop();
  });

  /** What the browser refused under the panel's Content-Security-Policy, across every page of this file. */
  const cspViolations: string[] = [];

  async function loggedIn(who: { email: string; password: string }): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true })).newPage();
    await watchCsp(page, cspViolations);
    const login = await page.goto(`${base}/admin/login`);
    // The panel runs under a CSP without 'unsafe-inline' scripts: its template's scripts carry a nonce.
    expect(login?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+';/);
    await page.fill('input[name=email]', who.email);
    await page.fill('input[name=password]', who.password);
    await page.click('form button');
    return page;
  }

  async function choosePeriod(page: Page, from: string, to: string): Promise<void> {
    await page.fill('[data-testid=period-from]', from);
    await page.fill('[data-testid=period-to]', to);
    await page.click('[data-testid=period-apply]');
  }

  async function summary(query: Record<string, string>) {
    const res = await request(t.app.getHttpServer()).get('/api/reports/summary').query(query).set('Authorization', `Bearer ${t.config.secrets.apiToken}`).expect(200);
    return res.body;
  }

  async function statValues(page: Page): Promise<Record<string, string | null>> {
    const out: Record<string, string | null> = {};
    for (const id of STATS) out[id] = await page.getAttribute(`[data-testid=stat-${id}]`, 'data-value');
    return out;
  }

  it('refuses a wrong password', async () => {
    const page = await loggedIn({ email: ADMIN.email, password: 'not-the-password' });
    await page.waitForSelector('text=Correo o contraseña incorrectos');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  });

  it('syncs from the dashboard, shows the reporting figures, opens a workspace and downloads the Excel file', async () => {
    const page = await loggedIn(ADMIN);
    await page.waitForSelector('[data-testid=stat-cards]');
    // Nothing synced yet, nothing provisional: no total carries a label.
    expect(await page.locator('[data-testid=provisional]').count()).toBe(0);

    await page.click('[data-testid=sync-now]');
    await page.waitForSelector('[data-testid=sync-status][data-status=succeeded]', { timeout: 90_000 });
    const [{ n: stored }] = await t.db.ds.query(`SELECT count(*)::int AS n FROM calls`);
    expect(stored).toBeGreaterThan(100);

    await choosePeriod(page, PERIOD.from, PERIOD.to);
    await page.waitForSelector(`[data-testid=dashboard-period][data-from="${PERIOD.from}"]`);
    const api = await summary(PERIOD);
    expect(api.calls).toBe(stored);
    expect(await statValues(page)).toEqual(Object.fromEntries(STATS.map((id) => [id, String(api[id])])));
    // What a person reads: the rounded total in the panel's language (Spanish by default).
    const shown = await page.textContent('[data-testid=stat-totalCost-text]');
    expect(shown).toBe(new Intl.NumberFormat('es-ES', { style: 'currency', currency: 'USD' }).format(Number(api.totalCost)));
    // Some of the fixture's Twilio prices are still pending: the totals say which share, in Spanish.
    expect(api.unpricedCalls).toBeGreaterThan(0);
    const pct = (share: string) => new Intl.NumberFormat('es-ES', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(share));
    const pending = `${pct(api.unpricedShare)} de llamadas pendiente de precio de Twilio`;
    const estimated = api.estimatedCalls > 0 ? `${pct(api.estimatedShare)} de llamadas con coste de ElevenLabs estimado` : null;
    expect(await page.textContent('[data-testid=stat-twilioCost] [data-testid=provisional]')).toBe(pending);
    expect(await page.textContent('[data-testid=stat-totalCost] [data-testid=provisional]')).toBe([pending, estimated].filter(Boolean).join(' · '));
    await page.waitForTimeout(500); // let the charts finish their entry animation for the screenshot
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-excel]')]);
    expect(download.suggestedFilename()).toBe(`simbiosia-costs_${PERIOD.from}_${PERIOD.to}.xlsx`);
    const file = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('Summary')!;
    const cell = (label: string) => {
      for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === label) return sheet.getRow(r).getCell(2).value;
      throw new Error(`no '${label}' on the Summary sheet`);
    };
    expect([cell('Calls'), cell('Total cost'), cell('Twilio cost')]).toEqual([api.calls, Number(api.totalCost), Number(api.twilioCost)]);
    expect(wb.getWorksheet('Calls')!.rowCount).toBe(api.calls + 1);

    await page.click('[data-testid=workspace-card-acme] a');
    await page.waitForSelector('[data-testid=workspace-page]');
    await choosePeriod(page, PERIOD.from, PERIOD.to);
    const acme = await summary({ ...PERIOD, workspace: 'acme' });
    await page.waitForSelector(`[data-testid=stat-totalCost][data-value="${acme.totalCost}"]`);
    expect(await page.textContent('[data-testid=workspace-name]')).toBe('ACME');
    expect(await page.locator('[data-testid=latest-calls] tbody tr').count()).toBe(Math.min(15, acme.calls));
    // Among them, each call still waiting for Twilio's price reads "pendiente", as the API flags it.
    const latest = await request(t.app.getHttpServer())
      .get('/api/reports/calls')
      .query({ ...PERIOD, workspace: 'acme', sort: 'startedAt', order: 'desc', pageSize: 15 })
      .set('Authorization', `Bearer ${t.config.secrets.apiToken}`)
      .expect(200);
    const pendingLatest = latest.body.items.filter((c: { twilioPricePending: boolean }) => c.twilioPricePending).length;
    expect(await page.locator('[data-testid=latest-calls] [data-testid=twilio-price-pending]').count()).toBe(pendingLatest);
    if (pendingLatest) expect(await page.textContent('[data-testid=latest-calls] [data-testid=twilio-price-pending]')).toContain('pendiente');
    expect(await page.locator('[data-testid=snapshots] tbody tr').count()).toBe(1);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(ARTIFACTS, 'workspace.png'), fullPage: true });

    // The Calls list: a call whose Twilio price is pending reads "pendiente"; one with no Twilio leg stays blank.
    const [unpriced] = await t.db.ds.query(
      `SELECT twilio_call_sid AS sid FROM calls WHERE twilio_synced_at IS NOT NULL AND NOT twilio_price_final AND twilio_cost IS NULL LIMIT 1`,
    );
    const [web] = await t.db.ds.query(`SELECT elevenlabs_conversation_id AS id FROM calls WHERE twilio_synced_at IS NULL LIMIT 1`);
    await page.goto(`${base}/admin/resources/calls?filters.twilioCallSid=${unpriced.sid}`);
    await page.waitForSelector('[data-testid=property-list-twilioCost]');
    expect(await page.locator('[data-testid=property-list-twilioCost]').allTextContents()).toEqual(['pendiente']);
    // Past SYNC_PRICE_PENDING_MAX_HOURS the flag is a warning a person sees (the sync keeps asking).
    await t.db.ds.query(`UPDATE calls SET twilio_price_overdue = true WHERE twilio_call_sid = $1`, [unpriced.sid]);
    await page.reload();
    await page.waitForSelector('[data-testid=twilio-price-pending][data-overdue=true]');
    expect(await page.locator('[data-testid=property-list-twilioCost]').allTextContents()).toEqual(['pendiente (con retraso)']);
    await page.goto(`${base}/admin/resources/calls?filters.elevenlabsConversationId=${web.id}`);
    await page.waitForSelector('[data-testid=property-list-totalCost]');
    expect(await page.locator('[data-testid=property-list-twilioCost]').allTextContents()).toEqual(['']);
  }, 150_000);

  it('fits a 390 px phone: stat cards two across, no figure cut off', async () => {
    const page = await loggedIn(ADMIN);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForSelector('[data-testid=stat-cards]');
    await page.waitForSelector('[data-testid=components-chart] svg');
    // Run in the page, as source text: this project compiles without the DOM's types.
    const fit: { page: number; rows: number[]; cut: string[] } = await page.evaluate(`(() => {
      const cards = [...document.querySelectorAll('[data-testid=stat-cards] > [data-testid^=stat-]')];
      const tops = cards.map((c) => Math.round(c.getBoundingClientRect().top));
      const rows = [...new Set(tops)].map((top) => tops.filter((t) => t === top).length);
      const cut = cards.filter((c) => {
        const text = c.querySelector('[data-testid$=-text]').getBoundingClientRect();
        const card = c.getBoundingClientRect();
        return text.right > card.right || text.left < card.left;
      }).map((c) => c.getAttribute('data-testid'));
      return { page: document.documentElement.scrollWidth, rows, cut };
    })()`);
    expect(fit.page).toBeLessThanOrEqual(390);
    expect(fit.rows).toEqual([2, 2, 2]);
    expect(fit.cut).toEqual([]);
    // Percentages in the panel's language: a comma and a space before the sign in Spanish.
    const change = await page.locator('[data-testid=stat-cards] [data-testid=change]').first().textContent();
    // What it compares with, in words: the server's comparedWith (e.g. "frente a 1–2 nov hasta las 04:00").
    expect(change).toMatch(/^[▲▼■] \d+,\d\u00a0% frente a \d{1,2}[–\s].* hasta las \d\d:\d\d$/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-390.png'), fullPage: true });
    // The panel scrolls inside its own container: the components chart gets a picture of its own.
    await page.locator('[data-testid=components-chart]').screenshot({ path: join(ARTIFACTS, 'components-390.png') });
  }, 60_000);

  it('shows the Calls list on a 390 px phone: start, status and total, in Spanish, nothing wrapped or cut off', async () => {
    // Calls of its own when run alone (the test above syncs them through the dashboard).
    const [{ n }] = await t.db.ds.query(`SELECT count(*)::int AS n FROM calls`);
    if (n === 0) await syncAndWait(t);
    const page = await loggedIn(ADMIN);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForSelector('[data-testid=stat-cards]');
    await page.goto(`${base}/admin/resources/calls`);
    await page.waitForSelector('[data-testid=property-list-totalCost] [data-testid=money]');
    await page.screenshot({ path: join(ARTIFACTS, 'calls-390.png'), fullPage: true });
    // A list cell breaks between words, never inside one (a narrow reference column once read "GLOBE" / "X").
    const wordBreak = await page.evaluate(`getComputedStyle(document.querySelector('[data-css=calls-status-table-cell]')).wordBreak`);
    expect(wordBreak).toBe('normal');
    // Run in the page, as source text: this project compiles without the DOM's types.
    const list: { page: number; columns: string[]; cells: Array<{ name: string; text: string; value: string; lines: number; shown: boolean }>; actionsRight: number } =
      await page.evaluate(`(() => {
      const shown = (el) => el.offsetParent !== null && getComputedStyle(el.closest('td')).display !== 'none';
      const head = [...document.querySelectorAll('[data-css=calls-table-head-row] > *')].filter((th) => getComputedStyle(th).display !== 'none').map((th) => th.textContent.trim());
      const cells = [...document.querySelectorAll('[data-property-name=startedAt], [data-property-name=status], [data-property-name=totalCost]')].map((td) => {
        const value = td.querySelector('[data-testid=date], [data-testid=status], [data-testid=money]');
        return { name: td.getAttribute('data-property-name'), text: value ? value.textContent : '', value: value ? value.getAttribute('data-value') : '',
                 lines: value ? value.getClientRects().length : 0, shown: shown(td) };
      });
      const actions = [...document.querySelectorAll('[data-css=calls-table-row] [data-testid=actions-dropdown]')].map((b) => Math.round(b.getBoundingClientRect().right));
      return { page: document.documentElement.scrollWidth, columns: head.filter(Boolean), cells, actionsRight: Math.max(...actions) };
    })()`);
    expect(list.page).toBeLessThanOrEqual(390);
    // Each row's actions (⋯) within the screen, not pushed off its right edge.
    expect(list.actionsRight).toBeLessThanOrEqual(390);
    // AdminJS keeps only a list's title column on a phone; the panel keeps a call's status and total beside it.
    expect(list.columns).toEqual(['Inicio', 'Estado', 'Coste total']);
    const statuses = list.cells.filter((c) => c.name === 'status' && c.value);
    const totals = list.cells.filter((c) => c.name === 'totalCost');
    const starts = list.cells.filter((c) => c.name === 'startedAt');
    expect(statuses.length).toBeGreaterThan(0);
    expect([totals.length, starts.length]).toEqual([25, 25]);
    // A start in Spanish and short: "1/12/26, 16:02".
    for (const cell of starts) expect(cell.text).toMatch(/^\d{1,2}\/\d{1,2}\/\d{2}, \d{1,2}:\d{2}$/);
    for (const cell of [...starts, ...statuses, ...totals]) expect([cell.name, cell.shown, cell.lines]).toEqual([cell.name, true, 1]);
    // Statuses in Spanish: Twilio's "completed" reads "completada".
    const completed = statuses.filter((c) => c.value === 'completed');
    expect(completed.length).toBeGreaterThan(0);
    for (const cell of completed) expect(cell.text).toBe('completada');
    // Money in Spanish, in dollars, rounded from the exact amount the record holds: "0,51 US$".
    for (const cell of totals) {
      expect(cell.text).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}(\d{2})?\u00a0US\$$/);
      const shownAmount = Number(cell.text.replace(/[^\d,]/g, '').replace(',', '.'));
      expect(Math.abs(shownAmount - Number(cell.value))).toBeLessThanOrEqual(0.005);
    }
  }, 60_000);

  it('lets a viewer look but not edit, sync or manage users', async () => {
    const page = await loggedIn(VIEWER);
    await page.waitForSelector('[data-testid=dashboard]');
    expect(await page.isDisabled('[data-testid=sync-now]')).toBe(true);
    // Spanish by default, English from the language menu in the top bar.
    await page.waitForSelector('text=Resumen de costes');
    await page.click('text=Español');
    await page.click('text=Inglés');
    await page.waitForSelector('text=Costs overview');
    // The lists follow (reached from the sidebar: a fresh page load starts in Spanish again): money as "$0.51", statuses in English.
    await page.locator('a', { hasText: 'Activity' }).first().click();
    await page.click('a[href*="resources/calls"]');
    await page.waitForSelector('[data-testid=property-list-totalCost] [data-testid=money]');
    for (const total of await page.locator('[data-testid=property-list-totalCost] [data-testid=money]').allTextContents())
      expect(total).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}(\d{2})?$/);
    expect(await page.locator('[data-testid=property-list-status] [data-testid=status][data-value=completed]').first().textContent()).toBe('completed');

    const [workspace] = await t.db.ds.query(`SELECT id FROM workspaces WHERE slug = 'acme'`);
    await page.goto(`${base}/admin/resources/workspaces/records/${workspace.id}/show`);
    await page.waitForSelector('[data-testid=workspace-page]');
    expect(await page.locator('[data-testid=edit-workspace]').count()).toBe(0);

    // Even a hand-made request from the viewer's session changes nothing.
    const answer = await page.evaluate(async (id) => {
      const form = new FormData();
      form.append('name', 'Renamed by a viewer');
      const res = await fetch(`/admin/api/resources/workspaces/records/${id}/edit`, { method: 'POST', body: form });
      return ((await res.json()) as { notice?: { message?: string } }).notice?.message;
    }, workspace.id);
    expect(answer).toBe('forbiddenError');
    const [{ name }] = await t.db.ds.query(`SELECT name FROM workspaces WHERE id = $1`, [workspace.id]);
    expect(name).toBe('ACME');
    const sync = await page.evaluate(async () => (await fetch('/admin/api/panel/sync', { method: 'POST' })).status);
    expect(sync).toBe(403);

    // Log out from the top bar's user menu: a POST, after which the session is gone.
    await page.goto(`${base}/admin`);
    await page.click('[data-css="logged-in"]');
    await page.click('text=/Log out|Cerrar sesión/');
    await page.waitForURL(`${base}/admin/login`);
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  }, 60_000);

  it("takes a period button's days from the server (its clock, the report zone), on the dashboard and the Excel page", async () => {
    const page = await loggedIn(VIEWER);
    await page.waitForSelector('[data-testid=dashboard-period]');
    const last7 = await page.evaluate(async () => (await fetch('/admin/api/panel/period?preset=last7')).json() as Promise<{ from: string; to: string }>);
    await page.click('[data-testid=preset-last7]');
    await page.waitForSelector(`[data-testid=dashboard-period][data-from="${last7.from}"][data-to="${last7.to}"]`);
    expect(await page.inputValue('[data-testid=period-from]')).toBe(last7.from);
    await page.goto(`${base}/admin/resources/calls/actions/exportExcel`);
    await page.click('[data-testid=preset-lastMonth]');
    const lastMonth = await page.evaluate(async () => (await fetch('/admin/api/panel/period?preset=lastMonth')).json() as Promise<{ from: string; to: string }>);
    await page.waitForSelector(`[data-testid=export-download][href*="from=${lastMonth.from}&to=${lastMonth.to}"]`);
  }, 60_000);

  it("converts the dashboard from its currency picker, shows a missing rate's reason, and opens a client's page in its currency", async () => {
    const [{ n }] = await t.db.ds.query(`SELECT count(*)::int AS n FROM calls`);
    if (n === 0) await syncAndWait(t);
    // A USD rate on every day of the period; GBP only from tomorrow, so no call of the period has one.
    await t.db.ds.query(
      `INSERT INTO exchange_rates (currency, day, source, eur_rate)
       SELECT 'USD', d::date, 'ecb', 1.08 FROM generate_series($1::date, $2::date, interval '1 day') d ON CONFLICT DO NOTHING`,
      [PERIOD.from, PERIOD.to],
    );
    await t.db.ds.query(`INSERT INTO exchange_rates (currency, day, source, eur_rate) VALUES ('GBP', $1, 'ecb', 0.85) ON CONFLICT DO NOTHING`, [day(1)]);
    const page = await loggedIn(ADMIN);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForSelector('[data-testid=dashboard-period]');
    await choosePeriod(page, PERIOD.from, PERIOD.to);
    await page.waitForSelector(`[data-testid=dashboard-period][data-from="${PERIOD.from}"][data-currency=USD]`);
    await page.selectOption('[data-testid=currency-picker]', 'EUR');
    await page.waitForSelector('[data-testid=dashboard-period][data-currency=EUR]');
    const eur = await summary({ ...PERIOD, currency: 'EUR' });
    expect(await statValues(page)).toEqual(Object.fromEntries(STATS.map((id) => [id, String(eur[id])])));
    expect(await page.textContent('[data-testid=stat-totalCost-text]')).toBe(new Intl.NumberFormat('es-ES', { style: 'currency', currency: 'EUR' }).format(Number(eur.totalCost)));
    expect(await page.textContent('[data-testid=dashboard-period]')).toContain('importes en EUR');
    // The picker's row still fits a phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-eur-390.png'), fullPage: true });

    await page.selectOption('[data-testid=currency-picker]', 'GBP');
    await page.waitForSelector('[data-testid=dashboard-error]');
    expect(await page.textContent('[data-testid=dashboard-error]')).toMatch(/^No exchange rate for GBP on or before \d{4}-\d{2}-\d{2}$/);
    expect(await page.locator('[data-testid=stat-cards]').count()).toBe(0);
    // Back to a currency that converts: the figures return.
    await page.selectOption('[data-testid=currency-picker]', 'USD');
    await page.waitForSelector('[data-testid=dashboard-period][data-currency=USD]');

    // A client billed in euros: its page opens in euros.
    const [acme] = await t.db.ds.query(`UPDATE workspaces SET currency = 'EUR' WHERE slug = 'acme' RETURNING id`);
    try {
      await page.goto(`${base}/admin/resources/workspaces/records/${acme[0].id}/show`);
      await page.waitForSelector('[data-testid=workspace-period][data-currency=EUR]');
      expect(await page.inputValue('[data-testid=currency-picker]')).toBe('EUR');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    } finally {
      await t.db.ds.query(`UPDATE workspaces SET currency = 'USD' WHERE slug = 'acme'`);
    }

    // The Excel page: REPORT_CURRENCY by default; a currency without a rate is refused on the page, its link withheld.
    await page.goto(`${base}/admin/resources/calls/actions/exportExcel`);
    await choosePeriod(page, PERIOD.from, PERIOD.to);
    await page.waitForSelector(`[data-testid=export-download][href*="from=${PERIOD.from}"][href*="currency=USD"]`);
    await page.selectOption('[data-testid=currency-picker]', 'GBP');
    await page.waitForSelector('[data-testid=export-error]');
    expect(await page.textContent('[data-testid=export-error]')).toMatch(/^No exchange rate for GBP on or before \d{4}-\d{2}-\d{2}$/);
    expect(await page.getAttribute('[data-testid=export-download]', 'href')).toBeNull();
    await page.selectOption('[data-testid=currency-picker]', 'EUR');
    await page.waitForSelector('[data-testid=export-download][href*="currency=EUR"]');
    expect(await page.locator('[data-testid=export-error]').count()).toBe(0);
  }, 90_000);

  // Last: the pages above (login, dashboard, charts, Excel, workspace, language switch) ran under the CSP.
  it('the browser refused nothing under the Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
