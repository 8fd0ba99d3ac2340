import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { plainDecimal } from '../common/money.js';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type Repository } from 'typeorm';
import { isIdOrSlug, UUID } from '../common/input-rules.js';
import { SecretCipher } from '../common/secret-cipher.js';
import { AppConfig } from '../config/app-config.js';
import { Snapshot, Workspace } from '../entities/index.js';
import type { TwilioAccount } from '../twilio/twilio.port.js';
import type { CreateWorkspaceDto, UpdateWorkspaceDto, WorkspaceView } from './dto/workspace.dto.js';

export interface WorkspaceCredentials {
  elevenlabsApiKey: string | null;
  /** The workspace's own Twilio account, else the global one; null when neither is configured. */
  twilio: TwilioAccount | null;
}

@Injectable()
export class WorkspacesService {
  constructor(
    @InjectRepository(Workspace) private readonly workspaces: Repository<Workspace>,
    @InjectRepository(Snapshot) private readonly snapshots: Repository<Snapshot>,
    private readonly cipher: SecretCipher,
    private readonly config: AppConfig,
  ) {}

  list(): Promise<Workspace[]> {
    return this.withSecretColumns().orderBy('w.name', 'ASC').getMany();
  }

  /** By id or by slug; 404 when neither matches. */
  async get(idOrSlug: string): Promise<Workspace> {
    // Not shaped like an id: nothing to look up (and a NUL byte would make PostgreSQL throw).
    if (!isIdOrSlug(idOrSlug)) throw new NotFoundException('No workspace with that id or slug');
    const found = await this.withSecretColumns()
      .where(UUID.test(idOrSlug) ? 'w.id = :key' : 'w.slug = :key', { key: idOrSlug })
      .getOne();
    if (!found) throw new NotFoundException(`No workspace with id or slug '${idOrSlug}'`);
    return found;
  }

  /** Ciphertext is loaded only so views can say whether a secret is set; it never leaves `view()`. */
  private withSecretColumns() {
    return this.workspaces.createQueryBuilder('w').addSelect(['w.elevenlabsApiKeyEncrypted', 'w.twilioAuthTokenEncrypted']);
  }

  async create(dto: CreateWorkspaceDto): Promise<Workspace> {
    const entity = this.workspaces.create({
      name: dto.name,
      slug: dto.slug,
      twilioPhoneNumbers: dto.twilioPhoneNumbers,
      elevenlabsAgentIds: dto.elevenlabsAgentIds ?? [],
      twilioAccountSid: dto.twilioAccountSid ?? null,
      currency: dto.currency ?? 'USD',
      clientPricePerMinute: dto.clientPricePerMinute ?? null,
      elevenlabsApiKeyEncrypted: this.cipher.encrypt(dto.elevenlabsApiKey),
      twilioAuthTokenEncrypted: this.cipher.encryptOptional(dto.twilioAuthToken),
    });
    const saved = await this.saveUnique(entity);
    return this.get(saved.id);
  }

  async update(idOrSlug: string, dto: UpdateWorkspaceDto): Promise<Workspace> {
    const current = await this.get(idOrSlug);
    const { elevenlabsApiKey, twilioAuthToken, ...plain } = dto;
    const changes: Partial<Workspace> = { ...plain };
    if (elevenlabsApiKey !== undefined) changes.elevenlabsApiKeyEncrypted = this.cipher.encrypt(elevenlabsApiKey);
    if (twilioAuthToken !== undefined) changes.twilioAuthTokenEncrypted = this.cipher.encryptOptional(twilioAuthToken);
    await this.saveUnique(this.workspaces.merge(current, changes));
    return this.get(current.id);
  }

  /** Deletes the workspace and, by cascade, its calls and snapshots. PATCH `active: false` keeps them. */
  async remove(idOrSlug: string): Promise<void> {
    const current = await this.get(idOrSlug);
    await this.workspaces.delete({ id: current.id });
  }

  async history(idOrSlug: string, limit = 100): Promise<Snapshot[]> {
    const ws = await this.get(idOrSlug);
    return this.snapshots.find({ where: { workspaceId: ws.id }, order: { takenAt: 'DESC' }, take: limit });
  }

  /** Decrypted secrets for a sync; never leaves the server. */
  async credentials(workspaceId: string): Promise<WorkspaceCredentials> {
    const row = await this.withSecretColumns().where('w.id = :workspaceId', { workspaceId }).getOneOrFail();
    const ownTwilio =
      row.twilioAccountSid && row.twilioAuthTokenEncrypted ? { accountSid: row.twilioAccountSid, authToken: this.cipher.decrypt(row.twilioAuthTokenEncrypted) } : null;
    const globalTwilio =
      this.config.twilio.accountSid && this.config.twilio.authToken ? { accountSid: this.config.twilio.accountSid, authToken: this.config.twilio.authToken } : null;
    return {
      elevenlabsApiKey: row.elevenlabsApiKeyEncrypted ? this.cipher.decrypt(row.elevenlabsApiKeyEncrypted) : null,
      twilio: ownTwilio ?? globalTwilio,
    };
  }

  view(w: Workspace): WorkspaceView {
    return {
      id: w.id,
      name: w.name,
      slug: w.slug,
      twilioPhoneNumbers: w.twilioPhoneNumbers,
      elevenlabsAgentIds: w.elevenlabsAgentIds,
      twilioAccountSid: w.twilioAccountSid,
      currency: w.currency,
      clientPricePerMinute: plainDecimal(w.clientPricePerMinute),
      active: w.active,
      hasElevenlabsApiKey: Boolean(w.elevenlabsApiKeyEncrypted),
      hasTwilioAuthToken: Boolean(w.twilioAuthTokenEncrypted),
      createdAt: w.createdAt.toISOString(),
      updatedAt: w.updatedAt.toISOString(),
    };
  }

  private async saveUnique(entity: Workspace): Promise<Workspace> {
    try {
      return await this.workspaces.save(entity);
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') {
        throw new BadRequestException(`slug '${entity.slug}' is already taken by another workspace`);
      }
      throw err;
    }
  }
}
