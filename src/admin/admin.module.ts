// First: tells AdminJS where its bundle is before anything imports adminjs (see admin-env.ts).
import './admin-env.js';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminUser } from '../entities/index.js';
import { ReportingModule } from '../reporting/reporting.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { AdminMount } from './admin-mount.service.js';
import { AdminSlot } from './admin-slot.js';
import { AdminUsersService } from './admin-users.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PanelDataService } from './panel-data.service.js';
import { PanelRoutes } from './panel-routes.js';
import { ReconciliationPanelService } from './reconciliation-panel.service.js';

/**
 * The AdminJS panel at /admin: login against AdminUser, sessions in PostgreSQL. AdminMount builds it
 * into the AdminSlot that setupHttp places ahead of the body parsers.
 */
@Module({})
export class AdminPanelModule {
  /** `sync` is the app's own SyncModule, passed in so the panel's Sync now drives the same one. */
  static register({ sync }: { sync: DynamicModule }): DynamicModule {
    return {
      module: AdminPanelModule,
      imports: [TypeOrmModule.forFeature([AdminUser]), ReportingModule, WorkspacesModule, sync],
      providers: [AdminSlot, AdminMount, AdminUsersService, LoginThrottleService, PanelDataService, PanelRoutes, ReconciliationPanelService],
      exports: [AdminSlot, AdminUsersService, PanelDataService],
    };
  }
}
