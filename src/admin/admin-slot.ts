import { type INestApplication, Injectable } from '@nestjs/common';
import type { RequestHandler } from 'express';
import { AppConfig } from '../config/app-config.js';

/** Where the panel is served. Kept in this light module: http.setup imports it without loading AdminJS (~75 MB). */
export const ADMIN_ROOT = '/admin';

/**
 * The panel's place in Express's middleware chain. AdminJS parses its own request bodies (formidable)
 * and cannot read one a body parser has already consumed, so the panel must come before Nest's JSON and
 * urlencoded parsers. Express runs middleware in the order it was added; Nest adds its parsers when the
 * app initialises, and AdminJS can only be built once the modules are (its resources need the
 * DataSource). So setupHttp reserves this slot before init, and AdminMount fills it on module init.
 */
@Injectable()
export class AdminSlot {
  private router?: RequestHandler;
  private placed = false;

  /** Forwards to the panel once it is built; until then (and if it never is) the request falls through. */
  readonly handler: RequestHandler = (req, res, next) => (this.router ? this.router(req, res, next) : next());

  get mounted(): boolean {
    return this.placed;
  }

  place(): RequestHandler {
    this.placed = true;
    return this.handler;
  }

  attach(router: RequestHandler): void {
    this.router = router;
  }
}

/** Called by setupHttp before the app initialises (and so before Nest adds its body parsers). */
export function reserveAdminSlot(app: INestApplication): void {
  // AppModule imports the panel only when it is enabled (and the process serves HTTP, as this one does).
  if (!app.get(AppConfig).admin.enabled) return;
  app.use(ADMIN_ROOT, app.get(AdminSlot, { strict: false }).place());
}
