import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** At most 10 integer digits and 8 decimals: what numeric(18,8) stores exactly. */
export const EUR_RATE = /^(?!0+(\.0+)?$)\d{1,10}(\.\d{1,8})?$/;

export class ExchangeRatesQuery {
  @ApiProperty({ example: 'USD', description: 'ISO 4217 currency code' })
  @IsString()
  @MaxLength(3)
  currency: string;

  @ApiProperty({ example: '2026-11-01', format: 'date', description: 'First day (UTC), inclusive' })
  @IsString()
  @MaxLength(10)
  from: string;

  @ApiProperty({ example: '2026-11-30', format: 'date', description: `Last day (UTC), inclusive; at most 400 days after from` })
  @IsString()
  @MaxLength(10)
  to: string;
}

export class SetManualRateDto {
  @ApiProperty({ example: '1.0512', description: '1 EUR = eurRate units of the currency; positive, at most 8 decimals' })
  @IsString({ message: 'eurRate must be a decimal string such as "1.0512"' })
  @Matches(EUR_RATE, { message: 'eurRate must be a positive decimal string with at most 10 integer digits and 8 decimals, such as "1.0512"' })
  eurRate: string;
}

export class RateView {
  @ApiProperty({ example: '2026-11-28', format: 'date' }) day: string;
  @ApiProperty({ example: '1.0512', description: '1 EUR = eurRate units of the currency' }) eurRate: string;
  @ApiProperty({ enum: ['ecb', 'manual', 'definition'], description: 'definition: EUR itself, always 1' }) source: string;
  @ApiProperty({ example: '2026-11-27', format: 'date', description: 'The day the rate was published for' }) publishedOn: string;
  @ApiProperty({ example: 1, description: 'Days since publishedOn' }) gapDays: number;
  @ApiProperty({ description: 'The gap is longer than 7 days' }) stale: boolean;
}

export class ExchangeRatesView {
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [RateView], description: 'Every day of the range with the rate in force on it' }) rates: RateView[];
}

export class ManualRateView extends RateView {
  @ApiProperty({ example: 'USD' }) currency: string;
}
