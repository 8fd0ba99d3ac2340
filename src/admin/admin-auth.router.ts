import { Logger } from '@nestjs/common';
import { Router as AdminJSRoutes } from 'adminjs';
import type AdminJS from 'adminjs';
import { type NextFunction, type Request, type Response, Router } from 'express';
import formidable from 'express-formidable';
import session from 'express-session';
import type { AdminUsersService, SessionAdmin } from './admin-users.service.js';
import { sameOriginWrites } from './same-origin.js';

declare module 'express-session' {
  interface SessionData {
    adminUser?: SessionAdmin;
    /** Epoch ms of the login: a session ends this long after it, however busy (no rolling renewal). */
    signedInAt?: number;
  }
}

export interface AdminAuthOptions {
  admin: AdminJS;
  users: AdminUsersService;
  sessionOptions: session.SessionOptions;
  publicUrl: string;
  sessionMs: number;
}

/**
 * The panel's front door, mounted ahead of AdminJS's own routes: its session, the same-origin check
 * on every write, login (a new session id each time) and logout (POST only). Past it, every request
 * acts as the user the database has now: deleted, re-passworded or re-roled users lose their
 * sessions at once, and a demotion applies to the next click.
 */
export function adminAuthRouter({ admin, users, sessionOptions, publicUrl, sessionMs }: AdminAuthOptions): Router {
  const logger = new Logger('AdminAuth');
  const { rootPath, loginPath, logoutPath } = admin.options;
  const local = (path: string) => path.slice(rootPath.length) || '/';
  const loginPage = async (res: Response, status: number, errorMessage: string | null) => res.status(status).send(await admin.renderLogin({ action: loginPath, errorMessage }));

  const router = Router();
  router.use(session(sessionOptions));
  router.use(sameOriginWrites(publicUrl));

  router.get(local(loginPath), (_req, res, next) => void loginPage(res, 200, null).catch(next));
  router.post(local(loginPath), formidable(), (req, res, next) => {
    const fields = (req as Request & { fields?: Record<string, unknown> }).fields ?? {};
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    void login(req, res, text(fields.email), text(fields.password)).catch(next);
  });
  router.post(local(logoutPath), (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie(sessionOptions.name ?? 'connect.sid', { path: rootPath });
      res.redirect(303, loginPath);
    });
  });
  // Logging out changes state: a GET (a link, an <img> on another site) must not do it.
  router.get(local(logoutPath), (_req, res) => res.status(405).set('Allow', 'POST').json({ statusCode: 405, message: 'Log out with POST' }));

  const publicPaths = new Set([...AdminJSRoutes.assets.map((a) => a.path), ...AdminJSRoutes.routes.filter((r) => r.action === 'bundleComponents').map((r) => r.path)]);
  router.use((req, res, next) => {
    if (req.method === 'GET' && publicPaths.has(req.path)) return next();
    void currentUser(req, res, next).catch(next);
  });
  return router;

  async function login(req: Request, res: Response, email: string, password: string): Promise<void> {
    const outcome = await users.authenticate(email, password, req.ip);
    if ('refused' in outcome) {
      if (outcome.refused === 'throttled') res.set('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
      await loginPage(res, outcome.refused === 'throttled' ? 429 : 200, outcome.refused === 'throttled' ? 'tooManyRequests' : 'invalidCredentials');
      return;
    }
    // A new id at login: a session id planted before it (fixation) never becomes a signed-in one.
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.adminUser = outcome.admin;
    req.session.signedInAt = Date.now();
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    res.redirect(302, rootPath);
  }

  async function currentUser(req: Request, res: Response, next: NextFunction): Promise<void> {
    const kept = req.session.adminUser;
    const expired = (req.session.signedInAt ?? 0) + sessionMs < Date.now();
    const user = kept && !expired ? await users.sessionUser(kept) : null;
    if (!kept || !user) {
      if (kept) logger.log(`ended the panel session of ${kept.email}: ${expired ? 'expired' : 'user deleted or changed'}`);
      return endSession(req, res, next, loginPath);
    }
    // The same object AdminJS hands its actions as `currentAdmin`: the role checked is today's.
    if (kept.role !== user.role || kept.email !== user.email) Object.assign(kept, user);
    next();
  }
}

function endSession(req: Request, res: Response, next: NextFunction, loginPath: string): void {
  if (!req.session.adminUser) return res.redirect(loginPath);
  req.session.destroy((err) => (err ? next(err) : res.redirect(loginPath)));
}
