import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsCurrencyCode, IsPrintableSecret, MAX_SLUG_LENGTH, NoControlChars, SLUG } from '../../common/input-rules.js';

export { WorkspaceView, SnapshotView } from './workspace.view.js';

export const E164 = /^\+[1-9]\d{6,14}$/;
const DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;
/** ElevenLabs agent ids: letters, digits and a few separators. */
const AGENT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
/** Lists a workspace can hold; far above real use, far below what would make a sync or a report slow. */
export const MAX_LIST_ITEMS = 200;

/** Numbers in JSON are accepted for the price but kept as their decimal text, never as a float. */
const decimalText = ({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value);

/** POST /api/workspaces. Secrets are accepted here and never returned. */
export class CreateWorkspaceDto {
  @ApiProperty({ example: 'Acme Dental', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @NoControlChars()
  name: string;

  @ApiProperty({ example: 'acme-dental', maxLength: MAX_SLUG_LENGTH, pattern: SLUG.source })
  @Matches(SLUG, { message: 'slug must be lower-case letters, digits and single dashes, e.g. acme-dental' })
  @MaxLength(MAX_SLUG_LENGTH)
  slug: string;

  @ApiProperty({ type: [String], example: ['+34910000000'], maxItems: MAX_LIST_ITEMS, description: 'E.164 numbers the workspace owns' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(MAX_LIST_ITEMS)
  @Matches(E164, { each: true, message: 'twilioPhoneNumbers must be E.164 numbers such as +34910000000' })
  twilioPhoneNumbers: string[];

  @ApiProperty({ writeOnly: true, maxLength: 500, description: 'ElevenLabs API key; stored encrypted, never returned' })
  @IsString()
  @IsNotEmpty()
  @IsPrintableSecret(500)
  elevenlabsApiKey: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_LIST_ITEMS, description: 'Only these agents are synced; empty for all of the key' })
  @ValidateIf((_, v) => v !== undefined) // may be left out, but null is not a list
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(MAX_LIST_ITEMS)
  @Matches(AGENT_ID, { each: true, message: 'elevenlabsAgentIds must be agent ids of 1 to 128 letters, digits or _ . : -' })
  elevenlabsAgentIds?: string[];

  @ApiPropertyOptional({ nullable: true, pattern: '^AC[0-9a-fA-F]{32}$', description: "The workspace's own Twilio account; null for the global one" })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'twilioAccountSid must be AC followed by 32 hex characters' })
  twilioAccountSid?: string | null;

  @ApiPropertyOptional({ nullable: true, writeOnly: true, maxLength: 200, description: 'Stored encrypted, never returned; null removes it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @IsNotEmpty()
  @IsPrintableSecret(200)
  twilioAuthToken?: string | null;

  @ApiPropertyOptional({
    example: 'EUR',
    default: 'USD',
    pattern: '^[A-Z]{3}$',
    description: "The client's currency (ISO 4217): clientPricePerMinute is in it, and its page and /costs answer in it",
  })
  @ValidateIf((_, v) => v !== undefined) // may be left out, but null is not a currency
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ nullable: true, example: '0.15', description: 'What the client pays per minute (decimal text); null for none' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(decimalText)
  @Matches(DECIMAL, { message: 'clientPricePerMinute must be a non-negative decimal with at most 6 decimals, e.g. "0.15"' })
  clientPricePerMinute?: string | null;
}

/**
 * PATCH /api/workspaces/:id: any subset of the create body, plus `active`. A field sent as null is
 * validated like any other value (so `name: null` is a 400 naming it), except the three documented
 * nullable ones, whose own rules allow null.
 */
export class UpdateWorkspaceDto extends PartialType(CreateWorkspaceDto, { skipNullProperties: false }) {
  @ApiPropertyOptional()
  @ValidateIf((_, v) => v !== undefined)
  @IsBoolean()
  active?: boolean;
}
