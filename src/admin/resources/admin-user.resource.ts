import { ValidationError, type ParamsType, type ResourceWithOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import { AdminRole, AdminUser } from '../../entities/index.js';
import type { AdminUsersService } from '../admin-users.service.js';
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
        password: { type: 'password', isVisible: { list: false, filter: false, show: false, edit: true }, description: 'At least 12 characters. Leave empty to keep it.' },
        lastLoginAt: notEditable,
        createdAt: notEditable,
      },
      // User management is for admins only: viewers neither see nor reach this resource.
      actions: {
        list: adminOnly, show: adminOnly, search: adminOnly, delete: adminOnly,
        new: { ...adminOnly, after: withoutFields(['password', 'passwordHash']) },
        edit: { ...adminOnly, after: withoutFields(['password', 'passwordHash']) },
        bulkDelete: { isAccessible: false },
      },
    },
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function role(value: unknown): AdminRole | undefined {
  return value === AdminRole.Admin || value === AdminRole.Viewer ? value : undefined;
}
