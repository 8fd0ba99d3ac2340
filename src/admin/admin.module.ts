// First: tells AdminJS where its bundle is before anything imports adminjs (see admin-env.ts).
import './admin-env.js';
import { AdminModule } from '@adminjs/nestjs';
import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AdminUser } from '../entities/index.js';
import { ReportingModule } from '../reporting/reporting.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import { BUNDLE_FILE, bundleIsBuilt } from './admin-assets.js';
import { adminJsOptions } from './admin-options.js';
import { AdminRouterLoader, SESSION_HOURS } from './admin-router.loader.js';
import { AdminUsersService } from './admin-users.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PanelDataService } from './panel-data.service.js';
import { PanelRoutes } from './panel-routes.js';
import { ReconciliationPanelService } from './reconciliation-panel.service.js';

/** The AdminJS panel at /admin: login against AdminUser, sessions in PostgreSQL. */
@Module({})
export class AdminPanelModule implements OnModuleInit {
  constructor(private readonly config: AppConfig) {}

  /** Production serves the bundle `npm run build` made; it never bundles (slowly) at run time. */
  onModuleInit(): void {
    if (this.config.production && !bundleIsBuilt()) {
      throw new Error(`the admin panel's components are not bundled (${BUNDLE_FILE} is missing): run npm run build before starting`);
    }
  }

  /** `sync` is the app's own SyncModule, passed in so the panel's Sync now drives the same one. */
  static register({ sync }: { sync: DynamicModule }): DynamicModule {
    const support: DynamicModule = {
      module: AdminSupportModule,
      imports: [TypeOrmModule.forFeature([AdminUser]), ReportingModule, WorkspacesModule, sync],
      providers: [AdminUsersService, LoginThrottleService, PanelDataService, PanelRoutes, ReconciliationPanelService],
      exports: [AdminUsersService, PanelDataService, PanelRoutes, WorkspacesModule],
    };
    return {
      module: AdminPanelModule,
      imports: [
        AdminModule.createAdminAsync({
          imports: [support],
          inject: [AppConfig, DataSource, AdminUsersService, WorkspacesService, PanelDataService],
          customLoader: AdminRouterLoader,
          useFactory: (config: AppConfig, ds: DataSource, users: AdminUsersService, workspaces: WorkspacesService, panelData: PanelDataService) => {
            const secure = config.http.publicUrl.startsWith('https:');
            const PgStore = connectPgSimple(session);
            return {
              adminJsOptions: adminJsOptions({ config, ds, users, workspaces, panelData }),
              // Login is ours (adminAuthRouter): the user is re-read from the database on every request.
              sessionOptions: {
                name: 'simbiosia_admin',
                store: new PgStore({ pool: driverPool(ds), tableName: 'admin_sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 }),
                secret: config.secrets.sessionSecret,
                resave: false,
                saveUninitialized: false,
                // A session lasts SESSION_HOURS from login, not from the last click.
                rolling: false,
                // Behind a TLS-terminating proxy (PUBLIC_URL https://…) the cookie is Secure; X-Forwarded-Proto is read per TRUST_PROXY.
                proxy: secure,
                cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_HOURS * 3600_000, path: '/admin' },
              },
            };
          },
        }),
      ],
    };
  }
}

@Module({})
class AdminSupportModule {}

/** The pg pool TypeORM already holds: sessions share its connections instead of opening more. */
function driverPool(ds: DataSource): Pool {
  return (ds.driver as unknown as { master: Pool }).master;
}
