import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MONEY_COLUMN } from '../common/money.js';

/**
 * Per workspace, UTC hour and billing currencies, the sums reports need (amounts of different
 * currencies are never added: reports convert each row at its UTC day's rate), kept exact and current by statement-level
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

  /** The currency Twilio billed `twilio_cost` in (the calls' price unit; USD where Twilio gave none). */
  @PrimaryColumn({ type: 'char', length: 3, default: 'USD' })
  twilioCurrency: string;

  /** The currency of `elevenlabs_cost` (the calls' ElevenLabs currency; USD where none). */
  @PrimaryColumn({ type: 'char', length: 3, default: 'USD' })
  elevenlabsCurrency: string;

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
