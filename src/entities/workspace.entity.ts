import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { MONEY_COLUMN } from '../common/money.js';

/** A client: its ElevenLabs key and agents, its Twilio numbers, and how we bill it. */
@Entity('workspaces')
@Check('CHK_workspaces_currency', `currency ~ '^[A-Z]{3}$'`)
export class Workspace {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index('UQ_workspaces_slug', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  slug: string;

  /** AES-256-GCM ciphertext (SecretCipher); never returned by any interface. */
  @Column({ type: 'text', nullable: true, select: false })
  elevenlabsApiKeyEncrypted: string | null;

  /** Only these agents' conversations are synced; empty means every agent of the key. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  elevenlabsAgentIds: string[];

  /** E.164 numbers, validated on write. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  twilioPhoneNumbers: string[];

  /** The workspace's own Twilio account; the global account is used when null. An identifier, not a secret. */
  @Column({ type: 'varchar', length: 34, nullable: true })
  twilioAccountSid: string | null;

  @Column({ type: 'text', nullable: true, select: false })
  twilioAuthTokenEncrypted: string | null;

  @Column({ type: 'char', length: 3, default: 'USD' })
  currency: string;

  /** What the client pays us per minute, for margin; in `currency`. */
  @Column({ ...MONEY_COLUMN, nullable: true })
  clientPricePerMinute: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
