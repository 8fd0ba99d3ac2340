import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MONEY_COLUMN } from '../common/money.js';

/**
 * Per workspace and UTC hour, the sums reports need, kept exact and current by statement-level
 * triggers on `calls` (see the CallRollups migration): every insert, update or delete of calls adds
 * its difference in the same transaction, so a report never reads a stale rollup. Hours are the
 * grain because every whole-hour time zone's days, weeks and months are unions of UTC hours.
 */
@Entity('call_hourly_rollups')
@Index('IDX_call_hourly_rollups_hour', ['hour'])
export class CallHourlyRollup {
  @PrimaryColumn({ type: 'uuid' })
  workspaceId: string;

  @PrimaryColumn({ type: 'timestamptz' })
  hour: Date;

  @Column({ type: 'integer', default: 0 })
  calls: number;

  @Column({ type: 'bigint', default: 0 })
  seconds: string;

  @Column({ ...MONEY_COLUMN, default: 0 })
  twilioCost: string;

  @Column({ ...MONEY_COLUMN, default: 0 })
  elevenlabsCost: string;

  @Column({ type: 'numeric', precision: 22, scale: 4, default: 0 })
  elevenlabsCredits: string;

  @Column({ type: 'integer', default: 0 })
  unpricedCalls: number;

  @Column({ type: 'integer', default: 0 })
  estimatedCalls: number;
}
