import AdminJSExpress from '@adminjs/express';
import { AbstractLoader, type AdminModuleOptions } from '@adminjs/nestjs';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type AdminJS from 'adminjs';
import type { Application } from 'express';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { adminAuthRouter } from './admin-auth.router.js';
import { AdminUsersService } from './admin-users.service.js';
import { panelInputGuard } from './panel-input.guard.js';
import { PanelRoutes } from './panel-routes.js';

export const SESSION_HOURS = 8;

/**
 * Mounts AdminJS on Nest's Express instance (as @adminjs/nestjs's ExpressLoader does, which also
 * makes it work under @nestjs/testing): our own login and session checks first, then AdminJS's
 * routes, then the panel's own routes, all behind the signed-in check.
 */
@Injectable()
export class AdminRouterLoader extends AbstractLoader implements OnModuleDestroy {
  private closeStore?: () => Promise<void>;

  constructor(
    private readonly panel: PanelRoutes,
    private readonly users: AdminUsersService,
    private readonly config: AppConfig,
    private readonly ds: DataSource,
  ) {
    super();
  }

  override register(admin: AdminJS, httpAdapter: AbstractHttpAdapter, options: AdminModuleOptions): Promise<void> {
    const app = httpAdapter.getInstance<Application>();
    const sessionOptions = options.sessionOptions!;
    const store = sessionOptions.store as { close?: () => Promise<void> } | undefined;
    this.closeStore = store?.close?.bind(store);
    const router = adminAuthRouter({ admin, users: this.users, sessionOptions, publicUrl: this.config.http.publicUrl, sessionMs: SESSION_HOURS * 3600_000 });
    router.use(panelInputGuard(this.ds));
    AdminJSExpress.buildRouter(admin, router, options.formidableOptions);
    router.use(this.panel.router());
    app.use(admin.options.rootPath, function admin(req, res, next) {
      return router(req, res, next);
    });
    moveBeforeBodyParsers(app);
    return Promise.resolve();
  }

  async onModuleDestroy(): Promise<void> {
    await this.closeStore?.();
  }
}

/**
 * AdminJS parses its own forms (formidable) and refuses requests a body parser already read, and
 * Nest registers its JSON and urlencoded parsers first: move the admin router ahead of them.
 */
function moveBeforeBodyParsers(app: Application): void {
  const stack = (app as unknown as { router?: { stack: Array<{ name: string }> } }).router?.stack;
  if (!stack) return;
  const at = stack.findIndex((layer) => layer.name === 'admin');
  if (at < 0) return;
  const [layer] = stack.splice(at, 1);
  const firstParser = stack.findIndex((l) => l.name === 'jsonParser' || l.name === 'urlencodedParser');
  stack.splice(firstParser < 0 ? stack.length : firstParser, 0, layer);
}
