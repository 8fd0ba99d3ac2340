import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Filters every report accepts. Dates are calendar days in the report's time zone, both inclusive. */
export class ReportQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'First day, inclusive (YYYY-MM-DD in the report time zone). Default: the first of this month.' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date as YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last day, inclusive. Default: today.' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date as YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: 'Workspace id or slug' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  workspace?: string;

  @ApiPropertyOptional({ description: 'ElevenLabs agent id' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  agent?: string;

  @ApiPropertyOptional({ enum: ['inbound', 'outbound', 'web', 'unknown'] })
  @IsOptional()
  @IsIn(['inbound', 'outbound', 'web', 'unknown'], { message: 'direction must be one of inbound, outbound, web, unknown' })
  direction?: string;

  @ApiPropertyOptional({ description: 'Call status as the vendor gives it, e.g. completed, busy, no-answer, done' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  status?: string;

  @ApiPropertyOptional({ example: 'Europe/Madrid', description: 'IANA time zone; default REPORT_TIMEZONE' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  tz?: string;
}

export class TimeseriesQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ enum: ['day', 'week', 'month'], default: 'day' })
  @IsOptional()
  @IsIn(['day', 'week', 'month'], { message: 'bucket must be one of day, week, month' })
  bucket?: 'day' | 'week' | 'month';
}

export const CALL_SORTS = ['startedAt', 'durationSeconds', 'twilioCost', 'elevenlabsCost', 'totalCost'] as const;

export class CallsQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ enum: CALL_SORTS, default: 'startedAt' })
  @IsOptional()
  @IsIn(CALL_SORTS, { message: `sort must be one of ${CALL_SORTS.join(', ')}` })
  sort?: (typeof CALL_SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1)
  @Max(1000)
  pageSize?: number;
}
