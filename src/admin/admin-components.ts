import { join } from 'node:path';
import { ComponentLoader } from 'adminjs';
import { COMPONENTS_DIR } from './admin-assets.js';

/** Every custom React component of the panel, registered once; `npm run build` bundles them. */
export const componentLoader = new ComponentLoader();

const add = (name: string, file: string) => componentLoader.add(name, join(COMPONENTS_DIR, file));

export const Components = {
  Dashboard: add('Dashboard', 'dashboard.jsx'),
  WorkspaceShow: add('WorkspaceShow', 'workspace-show.jsx'),
  SyncNow: add('SyncNow', 'sync-now.jsx'),
  ExportExcel: add('ExportExcel', 'export-excel.jsx'),
  TwilioCost: add('TwilioCost', 'twilio-cost.jsx'),
  CallTotal: add('CallTotal', 'call-total.jsx'),
  // The resource lists' values, per the panel's language (resources/display.ts picks them per property).
  DateValue: add('DateValue', 'date-value.jsx'),
  MoneyValue: add('MoneyValue', 'money-value.jsx'),
  NumberValue: add('NumberValue', 'number-value.jsx'),
  StatusValue: add('StatusValue', 'status-value.jsx'),
  Reconciliation: add('Reconciliation', 'reconciliation.jsx'),
};

// Replaces AdminJS's own user menu: its logout is a GET link.
componentLoader.override('LoggedIn', join(COMPONENTS_DIR, 'logged-in.jsx'));
