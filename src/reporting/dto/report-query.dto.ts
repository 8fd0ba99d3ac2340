import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsDayInRange, IsIdOrSlug, MAX_YEAR, MIN_YEAR, NoControlChars } from '../../common/input-rules.js';
import { CallStatus } from '../../entities/index.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Agent ids as the vendor writes them; nothing else can match a stored row. */
const AGENT_ID = /^[A-Za-z0-9_.:-]+$/;
const CALL_STATUSES = Object.values(CallStatus).join(', ');
const YEARS = `years ${MIN_YEAR}–${MAX_YEAR}`;

/** Filters every report accepts. Dates are calendar days in the report's time zone, both inclusive. */
export class ReportQueryDto {
  @ApiPropertyOptional({
    example: '2026-11-01',
    format: 'date',
    description: `First day, inclusive (YYYY-MM-DD in the report time zone, ${YEARS}). Default: the first of this month.`,
  })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date as YYYY-MM-DD' })
  @IsDayInRange()
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', format: 'date', description: `Last day, inclusive (${YEARS}). Default: today.` })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date as YYYY-MM-DD' })
  @IsDayInRange()
  to?: string;

  @ApiPropertyOptional({ description: 'Workspace id (uuid) or slug', maxLength: 64 })
  @IsOptional()
  @IsIdOrSlug()
  workspace?: string;

  @ApiPropertyOptional({ description: 'ElevenLabs agent id', maxLength: 128, pattern: AGENT_ID.source })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(AGENT_ID, { message: 'agent must be an ElevenLabs agent id (letters, digits, _ . : -)' })
  agent?: string;

  @ApiPropertyOptional({ enum: ['inbound', 'outbound', 'web', 'unknown'] })
  @IsOptional()
  @IsIn(['inbound', 'outbound', 'web', 'unknown'], { message: 'direction must be one of inbound, outbound, web, unknown' })
  direction?: string;

  @ApiPropertyOptional({ enum: CallStatus, enumName: 'CallStatus', description: 'Where the call stands' })
  @IsOptional()
  // Scripts written before statuses were our own words filter by Twilio's spelling (`no-answer`).
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/-/g, '_') : value))
  @IsEnum(CallStatus, { message: `status must be one of ${CALL_STATUSES}` })
  status?: CallStatus;

  @ApiPropertyOptional({
    example: 'EUR',
    description: 'ISO 4217 currency every amount is given in, converted per call at the ECB rate of its UTC day; default REPORT_CURRENCY',
    pattern: '^[A-Za-z]{3}$',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be a three-letter ISO 4217 code such as EUR' })
  currency?: string;

  @ApiPropertyOptional({ example: 'Europe/Madrid', description: 'IANA time zone; default REPORT_TIMEZONE', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @NoControlChars()
  tz?: string;
}

export class TimeseriesQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ enum: ['day', 'week', 'month'], default: 'day' })
  @IsOptional()
  @IsIn(['day', 'week', 'month'], { message: 'bucket must be one of day, week, month' })
  bucket?: 'day' | 'week' | 'month';
}

const MAX_PAGE = 1_000_000;

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

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  // Bounded so page × pageSize stays an OFFSET PostgreSQL accepts.
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1)
  @Max(1000)
  pageSize?: number;
}
