import { hash, verify } from '@node-rs/argon2';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CurrentAdmin } from 'adminjs';
import type { Repository } from 'typeorm';
import { isUuid } from '../common/input-rules.js';
import { AppConfig } from '../config/app-config.js';
import { ConfigError } from '../config/load-config.js';
import { AdminRole, AdminUser } from '../entities/index.js';
import { LoginThrottleService } from './login-throttle.service.js';

/** Outside production, the first admin's e-mail when ADMIN_EMAIL is not set. */
export const DEV_ADMIN_EMAIL = 'admin@simbiosia.local';
const MIN_PASSWORD = 12;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** What a panel session keeps of its user; re-read from the database on every request. */
export interface SessionAdmin extends CurrentAdmin {
  id: string;
  email: string;
  role: AdminRole;
  sessionVersion: number;
}

export type LoginOutcome = { admin: SessionAdmin } | { refused: 'credentials' } | { refused: 'throttled'; retryAfterMs: number };

/** Panel users: argon2id hashes, the first admin from the environment, throttled logins. */
@Injectable()
export class AdminUsersService implements OnModuleInit {
  private readonly logger = new Logger(AdminUsersService.name);
  /** Verified against when the e-mail is unknown, so both cases take as long. */
  private dummyHash?: Promise<string>;

  constructor(
    @InjectRepository(AdminUser) private readonly users: Repository<AdminUser>,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottleService,
  ) {}

  /** A fresh database gets its first admin from ADMIN_EMAIL / ADMIN_PASSWORD; later boots change nothing. */
  async onModuleInit(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const { email, password } = this.config.admin;
    if (this.config.production && (!email || !password)) {
      throw new ConfigError('Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD are required to create the first admin (the database has no admin user yet)');
    }
    const address = (email ?? DEV_ADMIN_EMAIL).toLowerCase();
    // Two instances booting on an empty database: the unique e-mail lets only one insert win.
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ email: address, passwordHash: await hash(password!), role: AdminRole.Admin })
      .orIgnore()
      .execute();
    this.logger.log(`created the first admin ${address} from ${email ? 'ADMIN_EMAIL/ADMIN_PASSWORD' : 'the generated ADMIN_PASSWORD (see DATA_DIR/secrets.json)'}`);
  }

  /**
   * A panel login. Every attempt takes its place in the e-mail's and the address's queue before the
   * password is checked (so parallel guesses wait like sequential ones); too long a queue refuses it.
   */
  async authenticate(email: string, password: string, clientIp = 'unknown'): Promise<LoginOutcome> {
    const address = String(email ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 254);
    const keys = [`email:${address}`, `ip:${clientIp}`];
    const gate = await this.throttle.reserve(keys);
    if (!gate.allowed) {
      this.logger.warn(`refused admin login for ${address || '(no e-mail)'} from ${clientIp}: too many attempts`);
      return { refused: 'throttled', retryAfterMs: gate.retryAfterMs };
    }
    if (gate.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, gate.waitMs));

    const user = EMAIL.test(address) ? await this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :address', { address }).getOne() : null;
    const ok = await verify(user?.passwordHash ?? (await this.dummy()), String(password ?? '')).catch(() => false);
    if (!user || !ok) {
      this.logger.warn(`failed admin login for ${address || '(no e-mail)'} from ${clientIp}`);
      return { refused: 'credentials' };
    }
    await this.throttle.succeeded(keys);
    await this.users.update({ id: user.id }, { lastLoginAt: new Date() });
    return { admin: sessionAdmin(user) };
  }

  /** The user behind a session as the database has it now: null once deleted or signed out by a change. */
  async sessionUser(session: Pick<SessionAdmin, 'id' | 'sessionVersion'>): Promise<SessionAdmin | null> {
    if (!isUuid(session.id)) return null;
    const user = await this.reloadSessionAdmin(session.id);
    return user?.sessionVersion === session.sessionVersion ? user : null;
  }

  /** The user as a fresh session would carry them (for carrying over the editor's own session). */
  async reloadSessionAdmin(id: string): Promise<SessionAdmin | null> {
    const user = await this.users.findOneBy({ id });
    return user && sessionAdmin(user);
  }

  async create(email: string, password: string, role = AdminRole.Viewer): Promise<AdminUser> {
    const address = checkedEmail(email);
    checkPassword(password);
    const saved = await this.users.save(this.users.create({ email: address, passwordHash: await hash(password), role }));
    return this.users.findOneByOrFail({ id: saved.id });
  }

  async update(id: string, changes: { email?: string; password?: string; role?: AdminRole }): Promise<AdminUser> {
    const user = await this.users.findOneByOrFail({ id });
    if (changes.role === AdminRole.Viewer && user.role === AdminRole.Admin) await this.keepOneAdmin(id);
    const patch: Partial<AdminUser> = {};
    if (changes.email) patch.email = checkedEmail(changes.email);
    if (changes.role) patch.role = changes.role;
    if (changes.password) {
      checkPassword(changes.password);
      patch.passwordHash = await hash(changes.password);
    }
    // A new password or role signs the user out everywhere (the editor's own session is carried over).
    const signOut = changes.password !== undefined || (changes.role !== undefined && changes.role !== user.role);
    await this.users.update({ id }, signOut ? { ...patch, sessionVersion: () => 'session_version + 1' } : patch);
    return this.users.findOneByOrFail({ id });
  }

  async remove(id: string): Promise<void> {
    await this.keepOneAdmin(id);
    await this.users.delete({ id });
  }

  private async keepOneAdmin(leaving: string): Promise<void> {
    const admins = await this.users.find({ where: { role: AdminRole.Admin } });
    if (admins.length === 1 && admins[0].id === leaving) throw new RangeError('The last admin cannot be removed or made a viewer');
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hash('not a real password, only for timing');
    return this.dummyHash;
  }
}

function sessionAdmin(user: AdminUser): SessionAdmin {
  return { id: user.id, email: user.email, title: user.role, role: user.role, sessionVersion: user.sessionVersion };
}

function checkedEmail(email: string): string {
  const address = email.trim().toLowerCase();
  if (!EMAIL.test(address)) throw new RangeError(`'${email}' is not an e-mail address`);
  return address;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) throw new RangeError(`A password needs at least ${MIN_PASSWORD} characters`);
}
