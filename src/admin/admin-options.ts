import { HttpException } from '@nestjs/common';
import type { AdminJSOptions } from 'adminjs';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { AdminUsersService } from './admin-users.service.js';
import { Components, componentLoader } from './admin-components.js';
import { ADMIN_ROOT } from './admin-slot.js';
import { darkTheme } from './admin-theme.js';
import { PANEL_CSS_PATH } from './panel-css.js';
import { en } from './locale/en.js';
import { es } from './locale/es.js';
import type { PanelDataService, PanelPeriod } from './panel-data.service.js';
import { isAdmin } from './resources/access.js';
import { adminUserResource } from './resources/admin-user.resource.js';
import { alertResources } from './resources/alert.resource.js';
import { callResource } from './resources/call.resource.js';
import { exchangeRateResource } from './resources/exchange-rate.resource.js';
import { snapshotResource } from './resources/snapshot.resource.js';
import { syncRunResources } from './resources/sync-run.resource.js';
import { workspaceResource } from './resources/workspace.resource.js';

export interface AdminDeps {
  config: AppConfig;
  ds: DataSource;
  users: AdminUsersService;
  workspaces: WorkspacesService;
  panelData: PanelDataService;
}

/** AdminJS's whole configuration: resources, dashboard, language and look. */
export function adminJsOptions({ config, ds, users, workspaces, panelData }: AdminDeps): AdminJSOptions {
  const [syncRuns, syncSources] = syncRunResources(ds);
  const calls = callResource(ds, { twilioCost: Components.TwilioCost, totalCost: Components.CallTotal });
  calls.options.actions = { ...calls.options.actions, exportExcel: pageAction(Components.ExportExcel, 'Download') };
  syncRuns.options.actions = { ...syncRuns.options.actions, syncNow: { ...pageAction(Components.SyncNow, 'RefreshCw'), isAccessible: isAdmin } };
  return {
    rootPath: ADMIN_ROOT,
    loginPath: `${ADMIN_ROOT}/login`,
    logoutPath: `${ADMIN_ROOT}/logout`,
    componentLoader,
    resources: [
      workspaceResource(ds, workspaces, { show: Components.WorkspaceShow }),
      calls,
      syncRuns,
      syncSources,
      snapshotResource(ds),
      ...alertResources(ds),
      exchangeRateResource(ds),
      adminUserResource(ds, users),
    ],
    dashboard: {
      component: Components.Dashboard,
      // A refused period or currency (a missing exchange rate among them) answers as the API does: its
      // 4xx status and `{ statusCode, message }`, which the page shows in place of the figures.
      handler: async (request: { query?: PanelPeriod }, response: Response) => {
        try {
          return await panelData.dashboard(request.query ?? {});
        } catch (err) {
          if (!(err instanceof HttpException)) throw err;
          const body = err.getResponse();
          response.status(err.getStatus());
          return typeof body === 'string' ? { statusCode: err.getStatus(), message: body } : body;
        }
      },
    },
    // Read-only for every signed-in role; its figures come from GET /admin/api/panel/reconciliation.
    pages: { reconciliation: { component: Components.Reconciliation, icon: 'CheckSquare' } },
    branding: {
      companyName: 'Simbiosia Backoffice',
      logo: false,
      withMadeWithLove: false,
      theme: darkTheme,
    },
    locale: {
      language: config.admin.locale,
      availableLanguages: ['es', 'en'],
      localeDetection: false,
      translations: { es, en },
    },
    settings: { defaultPerPage: 25 },
    // Served by AdminMount: whole words in list cells, and the columns a phone keeps (panel-css.ts).
    assets: { styles: [`${ADMIN_ROOT}${PANEL_CSS_PATH}`] },
  };
}

/** A resource-level page with its own component; the work happens in the panel's endpoints. */
function pageAction(component: string, icon: string) {
  return { actionType: 'resource' as const, component, icon, handler: () => Promise.resolve({}) };
}
