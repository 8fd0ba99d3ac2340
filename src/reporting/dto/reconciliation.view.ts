import { ApiProperty } from '@nestjs/swagger';

const STATUS = ['reconciled', 'pending', 'drift'];

/**
 * One Twilio account on one UTC day: Twilio's own daily usage figure for all the account's calls
 * against the legs we hold, the difference explained. Money is exact decimal text. A contract: keep
 * these names.
 */
export class ReconciliationDayView {
  @ApiProperty() accountSid: string;
  @ApiProperty({ format: 'date' }) day: string;
  @ApiProperty({ example: 'USD', description: "The account's billing currency (Twilio's price unit): every amount of the row is in it" }) currency: string;
  @ApiProperty({ example: '12.3456', description: "What Twilio's daily Usage Record says the account's calls cost" }) twilioCost: string;
  @ApiProperty({ example: '12.30', description: 'Sum of our priced legs on the account that day (parents and child legs, every workspace)' })
  ourCost: string;
  @ApiProperty({ description: 'Our legs that day still without a Twilio price' }) pendingLegs: number;
  @ApiProperty({ example: '0.0456', description: 'Legs on numbers of the account that no workspace claims (see `unclaimedNumbers`)' })
  unclaimedCost: string;
  @ApiProperty({ example: '0', description: 'twilioCost − ourCost − unclaimedCost' }) unexplained: string;
  @ApiProperty({ enum: STATUS, description: 'reconciled: unexplained within one cent and nothing pending; pending: legs still unpriced; drift: otherwise' })
  status: 'reconciled' | 'pending' | 'drift';
}

export class ReconciliationTotalsView {
  @ApiProperty({ example: '370.12' }) twilioCost: string;
  @ApiProperty({ example: '369.90' }) ourCost: string;
  @ApiProperty() pendingLegs: number;
  @ApiProperty({ example: '0.22' }) unclaimedCost: string;
  @ApiProperty({ example: '0' }) unexplained: string;
}

/** A number of a Twilio account that no workspace claims, with what its legs cost in the period. */
export class UnclaimedNumberView {
  @ApiProperty() accountSid: string;
  @ApiProperty({ example: '+34910000000' }) number: string;
  @ApiProperty() legs: number;
  @ApiProperty({ example: '1.25' }) cost: string;
  @ApiProperty({ description: 'Its legs still without a Twilio price' }) pendingLegs: number;
  @ApiProperty({ format: 'date' }) firstDay: string;
  @ApiProperty({ format: 'date' }) lastDay: string;
}

export class ReconciliationView {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: String, nullable: true, example: 'USD', description: 'The currency of every row; null when the accounts bill in several (see totalsByCurrency)' })
  currency: string | null;
  @ApiProperty({ type: [ReconciliationDayView] }) days: ReconciliationDayView[];
  @ApiProperty({ type: ReconciliationTotalsView, nullable: true, description: 'In `currency`; null when the rows are in several currencies' })
  totals: ReconciliationTotalsView | null;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/ReconciliationTotalsView' }, description: 'Totals per billing currency, never added across' })
  totalsByCurrency: Record<string, ReconciliationTotalsView>;
  @ApiProperty({ type: [UnclaimedNumberView], description: 'Which numbers make up `unclaimedCost`' }) unclaimedNumbers: UnclaimedNumberView[];
}
