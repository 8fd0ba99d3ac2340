import AdminJSExpress from '@adminjs/express';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import AdminJS, { type ResourceWithOptions } from 'adminjs';
import connectPgSimple from 'connect-pg-simple';
import { Router } from 'express';
import session from 'express-session';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import { BUNDLE_FILE, bundleIsBuilt } from './admin-assets.js';
import { adminAuthRouter } from './admin-auth.router.js';
import { adminJsOptions } from './admin-options.js';
import { ADMIN_ROOT, AdminSlot } from './admin-slot.js';
import { AdminUsersService } from './admin-users.service.js';
import { PanelDataService } from './panel-data.service.js';
import { panelInputGuard } from './panel-input.guard.js';
import { PanelRoutes } from './panel-routes.js';
import { PANEL_CSS_PATH, panelCss } from './panel-css.js';

export const SESSION_HOURS = 8;
/** Sessions are one small read per request: two connections of their own, apart from the app's pool. */
const SESSION_POOL_SIZE = 2;

type SessionStore = InstanceType<ReturnType<typeof connectPgSimple>>;

/**
 * Builds the AdminJS panel and puts it in the slot setupHttp reserved: our login and session checks
 * first, then AdminJS's routes (@adminjs/express), then the panel's own routes, all behind the
 * signed-in check. Only AdminJS's public API is used: the instance is made here, so nothing calls
 * its development watcher (`admin.watch()`); components are bundled by `npm run build` instead.
 */
@Injectable()
export class AdminMount implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AdminPanel');
  private store?: SessionStore;

  constructor(
    private readonly config: AppConfig,
    private readonly ds: DataSource,
    private readonly users: AdminUsersService,
    private readonly workspaces: WorkspacesService,
    private readonly panelData: PanelDataService,
    private readonly panel: PanelRoutes,
    private readonly slot: AdminSlot,
  ) {}

  onModuleInit(): void {
    // Production serves the bundle `npm run build` made; it never bundles (slowly) at run time.
    if (this.config.production && !bundleIsBuilt()) {
      throw new Error(`the admin panel's components are not bundled (${BUNDLE_FILE} is missing): run npm run build before starting`);
    }
    const { config, ds, users, workspaces, panelData } = this;
    const options = adminJsOptions({ config, ds, users, workspaces, panelData });
    const admin = new AdminJS(options);
    const router = adminAuthRouter({ admin, users, sessionOptions: this.sessionOptions(), publicUrl: config.http.publicUrl, sessionMs: SESSION_HOURS * 3600_000 });
    router.use(panelInputGuard(ds));
    AdminJSExpress.buildRouter(admin, router);
    router.use(this.panel.router());
    // The stylesheet every page links (the login page too, so it needs no session).
    const css = panelCss((options.resources ?? []) as ResourceWithOptions[]);
    const panel = Router();
    panel.get(PANEL_CSS_PATH, (_req, res) => void res.type('text/css').set('Cache-Control', 'no-cache').send(css));
    panel.use(router);
    this.slot.attach(panel);
  }

  onApplicationBootstrap(): void {
    if (!this.slot.mounted) this.logger.warn(`the admin panel is not served: setupHttp(app) was not called before the app started, so nothing mounts ${ADMIN_ROOT}`);
  }

  async onModuleDestroy(): Promise<void> {
    // The store owns its pool: this stops its pruning timer and ends the pool. connect-pg-simple 10's
    // close() is async (it awaits pool.end()), though @types/connect-pg-simple still types it void.
    await (this.store?.close() as Promise<void> | undefined);
  }

  private sessionOptions(): session.SessionOptions {
    const secure = this.config.http.publicUrl.startsWith('https:');
    const PgStore = connectPgSimple(session);
    this.store = new PgStore({
      conObject: {
        connectionString: databaseUrl(this.ds),
        max: SESSION_POOL_SIZE,
        connectionTimeoutMillis: this.config.database.connectTimeoutMs,
        application_name: 'simbiosia-backoffice-sessions',
      },
      errorLog: (...args: unknown[]) => this.logger.error(args.map(String).join(' ')),
      tableName: 'admin_sessions',
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
    });
    return {
      name: 'simbiosia_admin',
      store: this.store,
      secret: this.config.secrets.sessionSecret,
      resave: false,
      saveUninitialized: false,
      // A session lasts SESSION_HOURS from login, not from the last click.
      rolling: false,
      // Behind a TLS-terminating proxy (PUBLIC_URL https://…) the cookie is Secure; X-Forwarded-Proto is read per TRUST_PROXY.
      proxy: secure,
      cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_HOURS * 3600_000, path: ADMIN_ROOT },
    };
  }
}

/** The URL the app's DataSource connects with (an embedded server's included), from its public options. */
function databaseUrl(ds: DataSource): string {
  const options = ds.options;
  if (options.type !== 'postgres' || !options.url) throw new Error('the admin sessions need the PostgreSQL URL the app connects with');
  return options.url;
}
