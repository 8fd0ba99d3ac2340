import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Application, NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { AppConfig } from '../config/app-config.js';

/**
 * The panel's root (ADMIN_ROOT in admin/admin-slot.ts), repeated here: importing that module
 * would load AdminJS (~75 MB) into every process that serves HTTP.
 */
const PANEL = '/admin';
const DOCS = '/api/docs';

/**
 * Security headers for the API, the AdminJS panel and the Swagger UI, plus Express's `trust proxy`.
 * Called before Nest's init (setupHttp), ahead of the admin panel's slot (admin/admin-slot.ts), which
 * setupHttp adds next: every /admin answer gets them.
 */
export function applySecurityHeaders(app: INestApplication): void {
  const config = app.get(AppConfig);
  const express = app.getHttpAdapter().getInstance() as Application;
  // Who may tell the client's address (login throttle, logs) and scheme: TRUST_PROXY, never implied.
  express.set('trust proxy', config.http.trustProxy);
  express.disable('x-powered-by');

  const common: HelmetOptions = {
    // Browsers ignore HSTS over plain http; over https it pins the panel and API to TLS.
    strictTransportSecurity: new URL(config.http.publicUrl).protocol === 'https:' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    // Not helmet's no-referrer: that makes a browser send `Origin: null` on the panel's own form
    // posts, which an Origin check against CSRF would refuse. same-origin leaks nothing cross-site.
    referrerPolicy: { policy: 'same-origin' },
  };
  const csp = (directives: Record<string, Iterable<string | ((req: unknown, res: unknown) => string)>>) =>
    helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: { ...directives, frameAncestors: ["'none'"], objectSrc: ["'none'"] } } });

  // JSON answers load nothing.
  const api = csp({ defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] });
  // Swagger UI: its own scripts from /api/docs, inline styles, data: images.
  const docs = csp({
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  });
  // AdminJS: its bundles from /admin/frontend/assets, its template's inline scripts by nonce,
  // styled-components' inline styles, and the Roboto font its template links from Google Fonts.
  const panel = csp({
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
    styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
    fontSrc: ["'self'", 'data:', 'https://fonts.gstatic.com'],
    imgSrc: ["'self'", 'data:', 'blob:'],
    connectSrc: ["'self'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  });

  express.use(function securityHeaders(req: Request, res: Response, next: NextFunction) {
    // Express routes ignore case (/ADMIN/login reaches the panel): so does the choice of policy.
    const path = req.path.toLowerCase();
    if (path === PANEL || path.startsWith(`${PANEL}/`)) {
      res.locals.cspNonce = randomBytes(16).toString('base64');
      nonceInlineScripts(res);
      if (path.startsWith(`${PANEL}/api/`)) res.setHeader('Cache-Control', 'no-store');
      return panel(req, res, next);
    }
    if (path === DOCS || path.startsWith(`${DOCS}/`) || path.startsWith(`${DOCS}-`)) return docs(req, res, next);
    // Reports and every other API answer may carry tenant figures: no browser or proxy keeps them.
    if (path === '/api' || path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
    return api(req, res, next);
  } satisfies RequestHandler);
}

/**
 * The inline <script> blocks AdminJS's login and page templates write (state, theme, start-up). A
 * nonce goes on these only, recognised by how they begin, and only when each appears once: markup
 * smuggled into the page's embedded state cannot borrow the nonce; if some was, nothing runs.
 */
const TEMPLATE_SCRIPTS = [/^\s*window\.REDUX_STATE = /, /^\s*var app = document\.getElementById\('app'\);/, /^\s*try \{\s*window\.__APP_STATE__ = /];

function nonceInlineScripts(res: Response): void {
  const send = res.send.bind(res);
  res.send = ((body?: unknown) =>
    send(typeof body === 'string' && body.trimStart().startsWith('<!DOCTYPE html>') ? withNonce(body, res.locals.cspNonce as string) : body)) as Response['send'];
}

export function withNonce(html: string, nonce: string): string {
  const seen = new Set<number>();
  let forged = false;
  const out = html.replace(/<script>/g, (tag: string, at: number) => {
    const kind = TEMPLATE_SCRIPTS.findIndex((re) => re.test(html.slice(at + tag.length, at + tag.length + 200)));
    if (kind < 0) return tag;
    if (seen.has(kind)) forged = true;
    seen.add(kind);
    return `<script nonce="${nonce}">`;
  });
  return forged ? html : out;
}
