import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalString, MONEY_COLUMN } from '../common/money.js';
import { LLM_COST_SQL, PLATFORM_COST_SQL, UNSPLIT_COST_SQL } from '../reporting/call-components.js';
import { CallStatus } from './call-status.js';
import { ConversationState } from './conversation-state.js';
import { Workspace } from './workspace.entity.js';

export enum CallDirection {
  Inbound = 'inbound',
  Outbound = 'outbound',
  Web = 'web',
  Unknown = 'unknown',
}

/** Which rule gave a call its ElevenLabs money cost (see the sync issue's cost rule). */
export enum ElevenlabsCostBasis {
  Vendor = 'vendor',
  CreditRate = 'credit_rate',
  Estimate = 'estimate',
}

/** Credits, as the vendor counts them: whole numbers in practice, four decimals to spare. */
const CREDITS_COLUMN = { type: 'numeric', precision: 18, scale: 4, transformer: decimalString } as const;

/**
 * One phone call (or web conversation), joining the Twilio leg and the ElevenLabs conversation by
 * call SID. Either vendor id may be missing: a web-widget conversation has no SID, a call on a
 * number whose agent did not answer has no conversation.
 */
@Entity('calls')
@Index('IDX_calls_workspace_started', ['workspaceId', 'startedAt'])
@Index('IDX_calls_started', ['startedAt'])
// The agents report: one agent's calls over a period.
@Index('IDX_calls_agent_started', ['agentId', 'startedAt'])
// Expression index on total cost, made by hand in the CallCostIndex migration; TypeORM leaves it be.
@Index('IDX_calls_total_cost', { synchronize: false })
// The reports' "unpriced" rule (twilioPricePendingSql), so the pending-price lookups can use it.
@Index('IDX_calls_price_pending', ['startedAt'], { where: 'twilio_synced_at IS NOT NULL AND NOT twilio_price_final' })
export class Call {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Index('UQ_calls_twilio_call_sid', { unique: true })
  @Column({ type: 'varchar', length: 34, nullable: true })
  twilioCallSid: string | null;

  @Index('UQ_calls_elevenlabs_conversation_id', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  elevenlabsConversationId: string | null;

  @Column({ type: 'uuid' })
  workspaceId: string;

  @ManyToOne(() => Workspace, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;

  @Column({ type: 'varchar', length: 64, nullable: true })
  agentId: string | null;

  @Column({ type: 'enum', enum: CallDirection, enumName: 'call_direction', default: CallDirection.Unknown })
  direction: CallDirection;

  @Column({ type: 'varchar', length: 32, nullable: true })
  fromNumber: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  toNumber: string | null;

  /** Twilio's status of the phone leg, or the conversation's while no Twilio leg has been seen. */
  @Column({ type: 'enum', enum: CallStatus, enumName: 'call_status', nullable: true })
  status: CallStatus | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'integer', default: 0 })
  durationSeconds: number;

  /** Twilio's charge as a positive amount, child legs included; null while Twilio has not priced it. */
  @Column({ ...MONEY_COLUMN, nullable: true })
  twilioCost: string | null;

  /** This leg's own charge, before its child legs (transfers) are added into `twilioCost`. */
  @Column({ ...MONEY_COLUMN, nullable: true })
  twilioOwnCost: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  twilioPriceUnit: string | null;

  @Column({ type: 'boolean', default: false })
  twilioPriceFinal: boolean;

  /** Still unpriced after SYNC_PRICE_PENDING_MAX_HOURS: a warning shown to people; the call is still revisited. */
  @Column({ type: 'boolean', default: false })
  twilioPriceOverdue: boolean;

  /** When an old unpriced leg was last asked about (by SID or by re-listing its day): least recent goes first. */
  @Column({ type: 'timestamptz', nullable: true })
  twilioPriceCheckedAt: Date | null;

  /** Twilio no longer has the call (404 when fetched by SID): its price can never arrive, so it is not asked again. */
  @Column({ type: 'timestamptz', nullable: true })
  twilioGoneAt: Date | null;

  /** When the Twilio leg was last read; null for a conversation Twilio has not (yet) shown us. */
  @Column({ type: 'timestamptz', nullable: true })
  twilioSyncedAt: Date | null;

  /** ElevenLabs credits as the vendor reports them; kept whichever basis priced the call. */
  @Column({ ...CREDITS_COLUMN, nullable: true })
  elevenlabsCredits: string | null;

  // The vendor's breakdown of those credits and of its dollar cost, by component. Each is null where
  // the vendor did not break that part down (older conversations have no dollar figures): never
  // derived from the total.

  /** Credits charged for the language model. */
  @Column({ ...CREDITS_COLUMN, nullable: true })
  elevenlabsLlmCredits: string | null;

  /** Credits charged for the call itself (the voice minutes). */
  @Column({ ...CREDITS_COLUMN, nullable: true })
  elevenlabsCallCredits: string | null;

  /** Credits charged for other platform features, where the vendor lists them apart from the call. */
  @Column({ ...CREDITS_COLUMN, nullable: true })
  elevenlabsPlatformCredits: string | null;

  /** US dollars the vendor priced the language model at. */
  @Column({ ...MONEY_COLUMN, nullable: true })
  elevenlabsLlmCostUsd: string | null;

  /** US dollars the vendor priced the platform (voice, call) at; with the LLM's, its whole dollar cost. */
  @Column({ ...MONEY_COLUMN, nullable: true })
  elevenlabsPlatformCostUsd: string | null;

  @Column({ ...MONEY_COLUMN, nullable: true })
  elevenlabsCost: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  elevenlabsCurrency: string | null;

  // The ElevenLabs cost by component (rule and invariant in reporting/call-components.ts), in
  // `elevenlabsCurrency`; the telephony component is `twilioCost`. Computed by PostgreSQL, never written.

  /** ElevenLabs' call/voice and platform part. */
  @Column({ ...MONEY_COLUMN, nullable: true, generatedType: 'STORED', asExpression: PLATFORM_COST_SQL, insert: false, update: false })
  elevenlabsPlatformCost: string | null;

  /** ElevenLabs' language-model part. */
  @Column({ ...MONEY_COLUMN, nullable: true, generatedType: 'STORED', asExpression: LLM_COST_SQL, insert: false, update: false })
  elevenlabsLlmCost: string | null;

  /** What the vendor did not break down (an estimate, or a cost without a breakdown): counted, never guessed. */
  @Column({ ...MONEY_COLUMN, nullable: true, generatedType: 'STORED', asExpression: UNSPLIT_COST_SQL, insert: false, update: false })
  elevenlabsUnsplitCost: string | null;

  @Column({ type: 'boolean', default: false })
  elevenlabsCostEstimated: boolean;

  /** Which rule priced the conversation; null while it could not be priced (credits but no rate yet). */
  @Column({ type: 'enum', enum: ElevenlabsCostBasis, enumName: 'elevenlabs_cost_basis', nullable: true })
  elevenlabsCostBasis: ElevenlabsCostBasis | null;

  /** Where the conversation stands: its detail is read again until the state is final. */
  @Column({ type: 'enum', enum: ConversationState, enumName: 'conversation_state', nullable: true })
  elevenlabsStatus: ConversationState | null;

  /** When an old conversation that is not final was last fetched again: least recent goes first. */
  @Column({ type: 'timestamptz', nullable: true })
  elevenlabsCheckedAt: Date | null;

  /** ElevenLabs no longer has the conversation (404): it is not asked again. */
  @Column({ type: 'timestamptz', nullable: true })
  elevenlabsGoneAt: Date | null;

  /** When the conversation was last read; null for a phone call with no conversation (yet). */
  @Column({ type: 'timestamptz', nullable: true })
  elevenlabsSyncedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  terminationReason: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastSyncedAt: Date;
}
