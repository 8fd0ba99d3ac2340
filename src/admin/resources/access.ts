import type { ActionContext, ActionResponse, RecordJSON, ResourceOptions } from 'adminjs';
import { AdminRole } from '../../entities/admin-user.entity.js';

type Actions = NonNullable<ResourceOptions['actions']>;

/** AdminJS checks `isAccessible` on the server for every action call, not only when drawing buttons. */
export const isAdmin = ({ currentAdmin }: Pick<ActionContext, 'currentAdmin'>): boolean => currentAdmin?.role === AdminRole.Admin;

/** Records the panel only shows: what the sync or the alert evaluator writes. */
export const readOnly: Actions = {
  new: { isAccessible: false },
  edit: { isAccessible: false },
  delete: { isAccessible: false },
  bulkDelete: { isAccessible: false },
};

/** Everyone reads; only admins write. Viewers are read-only. */
export const adminWrites: Actions = {
  new: { isAccessible: isAdmin },
  edit: { isAccessible: isAdmin },
  delete: { isAccessible: isAdmin },
  bulkDelete: { isAccessible: isAdmin },
};

/** Hidden from the list and filters, shown on the record page. */
export const detailOnly = { isVisible: { list: false, filter: false, show: true, edit: false } };
export const hidden = { isVisible: false };
export const notEditable = { isVisible: { list: true, filter: true, show: true, edit: false } };

export const navigation = {
  clients: { name: 'clients', icon: 'Briefcase' },
  activity: { name: 'activity', icon: 'Activity' },
  alerts: { name: 'alerts', icon: 'Bell' },
  access: { name: 'access', icon: 'Lock' },
};

/**
 * An `after` hook for new/edit: AdminJS merges the submitted form into the record it answers with,
 * so typed secrets (passwords, API keys) would travel back to the browser. This takes them out.
 */
export function withoutFields(fields: string[]) {
  return <R extends ActionResponse>(response: R): Promise<R> => {
    const params = (response.record as RecordJSON | undefined)?.params;
    if (params) for (const key of Object.keys(params)) if (fields.includes(key.split('.')[0])) delete params[key];
    return Promise.resolve(response);
  };
}
