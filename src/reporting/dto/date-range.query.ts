import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { IsDayInRange, MAX_YEAR, MIN_YEAR } from '../../common/input-rules.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class DateRangeQuery {
  @ApiProperty({ example: '2026-11-01', format: 'date', description: `First UTC day, inclusive (YYYY-MM-DD, years ${MIN_YEAR}–${MAX_YEAR})` })
  @Matches(DAY, { message: 'from must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  @IsDayInRange()
  from: string;

  @ApiProperty({ example: '2026-11-30', format: 'date', description: `Last UTC day, inclusive (YYYY-MM-DD, years ${MIN_YEAR}–${MAX_YEAR})` })
  @Matches(DAY, { message: 'to must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  @IsDayInRange()
  to: string;
}
