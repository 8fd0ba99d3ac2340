import AdminJSExpress from '@adminjs/express';
import { AbstractLoader, type AdminModuleOptions } from '@adminjs/nestjs';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type AdminJS from 'adminjs';
import type { CurrentAdmin } from 'adminjs';
import type { Application, Router } from 'express';
import { PanelRoutes } from './panel-routes.js';

declare module 'express-session' {
  interface SessionData {
    adminUser?: CurrentAdmin;
  }
}

/**
 * Mounts AdminJS on Nest's Express instance (as @adminjs/nestjs's ExpressLoader does, which also
 * makes it work under @nestjs/testing) with the panel's own routes inside the authenticated router.
 */
@Injectable()
export class AdminRouterLoader extends AbstractLoader implements OnModuleDestroy {
  private closeStore?: () => Promise<void>;

  constructor(private readonly panel: PanelRoutes) {
    super();
  }

  override async register(admin: AdminJS, httpAdapter: AbstractHttpAdapter, options: AdminModuleOptions): Promise<void> {
    const app = httpAdapter.getInstance<Application>();
    const store = options.sessionOptions?.store as { close?: () => Promise<void> } | undefined;
    this.closeStore = store?.close?.bind(store);
    const router: Router = AdminJSExpress.buildAuthenticatedRouter(admin, options.auth!, undefined, options.sessionOptions, options.formidableOptions);
    // Registered after buildAuthenticatedRouter, so behind its "signed in?" check.
    router.use(this.panel.router());
    app.use(admin.options.rootPath, function admin(req, res, next) {
      return router(req, res, next);
    });
    moveBeforeBodyParsers(app);
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
