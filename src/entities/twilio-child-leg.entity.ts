import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MONEY_COLUMN } from '../common/money.js';

/**
 * A Twilio leg with a parent call (a transfer or a dial out of the call). Twilio bills it, so its
 * price is added to the parent's `twilioCost`; it is not a call of its own, so counts do not double.
 * Kept apart so a re-sync replaces its price instead of adding it twice.
 */
@Entity('twilio_child_legs')
@Index('IDX_twilio_child_legs_parent', ['parentCallSid'])
export class TwilioChildLeg {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  sid: string;

  @Column({ type: 'varchar', length: 34 })
  parentCallSid: string;

  @Column({ ...MONEY_COLUMN, nullable: true })
  cost: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  priceUnit: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  durationSeconds: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  syncedAt: Date;

  /** When this unpriced leg was last asked about by SID: least recent goes first. */
  @Column({ type: 'timestamptz', nullable: true })
  priceCheckedAt: Date | null;

  /** Twilio no longer has the leg (404): not asked again. */
  @Column({ type: 'timestamptz', nullable: true })
  goneAt: Date | null;
}
