import type { Application } from 'express';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ADMIN_ENV, ADMIN, login } from '../admin/admin-session.js';

/** What every answer carries, API and panel alike. */
function expectBaseHeaders(res: request.Response): void {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(res.headers['x-powered-by']).toBeUndefined();
}

describe('security headers', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => (t = await startTestApp({ ...ADMIN_ENV, TRUST_PROXY: 'loopback' })));
  afterAll(() => t?.close());

  it('on the API: nosniff, no framing, a CSP that loads nothing, no X-Powered-By, no HSTS over http', async () => {
    const res = await http().get('/api/health').expect(200);
    expectBaseHeaders(res);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['cache-control']).toContain('no-store');
    // Not helmet's no-referrer, which would make browsers send `Origin: null` on the panel's own posts.
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('report JSON is never stored by a browser or a proxy', async () => {
    const res = await http().get('/api/reports/summary').set('Authorization', `Bearer ${t.config.secrets.apiToken}`).expect(200);
    expectBaseHeaders(res);
    expect(res.headers['cache-control']).toBe('no-store');
    // Refusals too (they say which token is wrong, nothing worth caching either).
    const refused = await http().get('/api/reports/summary').expect(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    // Express matches routes whatever their case; the headers follow.
    const shouted = await http().get('/API/REPORTS/SUMMARY').set('Authorization', `Bearer ${t.config.secrets.apiToken}`).expect(200);
    expect(shouted.headers['cache-control']).toBe('no-store');
  });

  it('on the panel: the login page, its bundles and its own routes, ahead of the admin router', async () => {
    const page = await http().get('/admin/login').expect(200);
    expectBaseHeaders(page);
    const csp = page.headers['content-security-policy'];
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // Each inline script of AdminJS's template carries this answer's nonce; no inline script goes without.
    const inline = [...page.text.matchAll(/<script( nonce="[^"]*")?>/g)];
    expect(inline.length).toBeGreaterThanOrEqual(2);
    for (const [, attr] of inline) expect(attr).toBe(` nonce="${nonce}"`);
    // A fresh nonce per answer.
    const again = await http().get('/Admin/Login').expect(200);
    expect(again.text).toContain(' nonce="');
    expect(again.headers['content-security-policy']).not.toBe(csp);

    const bundle = /<script src="(\/admin\/frontend\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(bundle).toBeDefined();
    const js = await http().get(bundle!).expect(200);
    expectBaseHeaders(js);

    const cookie = await login(t, ADMIN);
    expect(cookie).not.toBeNull();
    const dashboard = await http().get('/admin').set('Cookie', cookie!).expect(200);
    expectBaseHeaders(dashboard);
    const panelJson = await http().get('/admin/api/panel/sync/00000000-0000-4000-8000-000000000000').set('Cookie', cookie!);
    expectBaseHeaders(panelJson);
    expect(panelJson.headers['cache-control']).toBe('no-store');
  });

  it('on the Swagger UI: its own scripts and inline styles, still no framing', async () => {
    const res = await http().get('/api/docs/').expect(200);
    expectBaseHeaders(res);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    // Swagger UI writes no inline scripts, so 'self' is enough for it to start.
    expect(res.text).not.toMatch(/<script>/);
    await http().get('/api/docs-json').expect(200);
  });

  it('applies TRUST_PROXY as Express trust proxy', () => {
    const express = t.app.getHttpAdapter().getInstance() as Application;
    expect(express.get('trust proxy')).toBe('loopback');
  });
});

describe('HSTS', () => {
  it('is sent, on the API and the panel, only when PUBLIC_URL is https', async () => {
    const t = await startTestApp({ ...ADMIN_ENV, PUBLIC_URL: 'https://backoffice.example.com' });
    try {
      for (const path of ['/api/health', '/admin/login']) {
        const res = await request(t.app.getHttpServer()).get(path).expect(200);
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      }
    } finally {
      await t.close();
    }
  });
});
