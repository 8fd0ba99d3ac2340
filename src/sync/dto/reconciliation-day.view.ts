import { ApiProperty } from '@nestjs/swagger';

/** One Twilio account on one UTC day: Twilio's own usage record against the sum of our rows. Money is exact decimal text. */
export class ReconciliationDay {
  @ApiProperty() accountSid: string;
  @ApiProperty({ format: 'date' }) day: string;
  @ApiProperty({ description: "Twilio's own daily Usage Record (category `calls`): every leg on the account" }) twilioLegs: number;
  @ApiProperty({ example: '1.234' }) twilioCost: string;
  @ApiProperty({ description: 'The same day summed from our rows of every workspace on that account, child legs included' }) ourLegs: number;
  @ApiProperty({ example: '1.2' }) ourCost: string;
  @ApiProperty({ description: 'Legs we hold whose price Twilio has not given yet' }) pendingLegs: number;
  @ApiProperty({ example: '0.034', description: 'twilioCost − ourCost: calls on numbers no workspace claims, or prices still pending' })
  difference: string;
}
