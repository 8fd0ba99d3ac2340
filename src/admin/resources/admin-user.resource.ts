import { ValidationError, type ActionContext, type ActionRequest, type ActionResponse, type ParamsType, type ResourceWithOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import { AdminRole, AdminUser } from '../../entities/index.js';
import type { AdminUsersService, SessionAdmin } from '../admin-users.service.js';
import { hidden, isAdmin, navigation, notEditable, withoutFields } from './access.js';
import { RepositoryResource } from './repository.resource.js';

/** Users are written through AdminUsersService: passwords hashed there, the last admin kept. */
class AdminUserResource extends RepositoryResource<AdminUser> {
  constructor(
    ds: DataSource,
    private readonly users: AdminUsersService,
  ) {
    super(ds.getRepository(AdminUser), 'admin_users');
  }

  override async create(params: Record<string, unknown>): Promise<ParamsType> {
    return this.guarded(() => this.users.create(text(params.email), text(params.password), role(params.role)));
  }

  override async update(id: string, params: Record<string, unknown>): Promise<ParamsType> {
    return this.guarded(() => this.users.update(id, { email: text(params.email), password: text(params.password) || undefined, role: role(params.role) }));
  }

  override async delete(id: string): Promise<void> {
    await this.guarded(() => this.users.remove(id));
  }

  private async guarded<R>(write: () => Promise<R>): Promise<R> {
    try {
      return await this.saved(write);
    } catch (err) {
      if (err instanceof RangeError) throw new ValidationError({}, { type: 'invalid', message: err.message });
      throw err;
    }
  }
}

export function adminUserResource(ds: DataSource, users: AdminUsersService): ResourceWithOptions {
  const adminOnly = { isAccessible: isAdmin };
  return {
    resource: new AdminUserResource(ds, users),
    options: {
      navigation: navigation.access,
      sort: { sortBy: 'email', direction: 'asc' },
      listProperties: ['email', 'role', 'lastLoginAt', 'createdAt'],
      editProperties: ['email', 'role', 'password'],
      properties: {
        id: notEditable,
        passwordHash: hidden,
        sessionVersion: hidden,
        password: { type: 'password', isVisible: { list: false, filter: false, show: false, edit: true }, description: 'At least 12 characters. Leave empty to keep it.' },
        lastLoginAt: notEditable,
        createdAt: notEditable,
      },
      // User management is for admins only: viewers neither see nor reach this resource.
      actions: {
        list: adminOnly,
        show: adminOnly,
        search: adminOnly,
        delete: adminOnly,
        new: { ...adminOnly, after: withoutFields(['password', 'passwordHash']) },
        edit: { ...adminOnly, after: [withoutFields(['password', 'passwordHash']), keepOwnSession(users)] },
        bulkDelete: { isAccessible: false },
      },
    },
  };
}

/**
 * A new password or role signs the user out everywhere; an admin who changed their own keeps the
 * session they did it from. `currentAdmin` is the session's own object, so this is saved with it.
 */
function keepOwnSession(users: AdminUsersService) {
  return async (response: ActionResponse, request: ActionRequest, context: ActionContext): Promise<ActionResponse> => {
    const me = context.currentAdmin as SessionAdmin | undefined;
    if (request.method === 'post' && me && context.record?.id() === me.id) {
      const now = await users.reloadSessionAdmin(me.id);
      if (now) Object.assign(me, now);
    }
    return response;
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function role(value: unknown): AdminRole | undefined {
  return value === AdminRole.Admin || value === AdminRole.Viewer ? value : undefined;
}
