import { PartialType } from '@nestjs/mapped-types';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';

export const E164 = /^\+[1-9]\d{6,14}$/;
const DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;

/** Numbers in JSON are accepted for the price but kept as their decimal text, never as a float. */
const decimalText = ({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value);

/** POST /api/workspaces. Secrets are accepted here and never returned. */
export class CreateWorkspaceDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be lower-case letters, digits and single dashes, e.g. acme-dental' })
  @MaxLength(64)
  slug: string;

  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @Matches(E164, { each: true, message: 'twilioPhoneNumbers must be E.164 numbers such as +34910000000' })
  twilioPhoneNumbers: string[];

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  elevenlabsApiKey: string;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  elevenlabsAgentIds?: string[];

  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'twilioAccountSid must be AC followed by 32 hex characters' })
  twilioAccountSid?: string | null;

  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  twilioAuthToken?: string | null;

  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD or EUR' })
  currency?: string;

  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(decimalText)
  @Matches(DECIMAL, { message: 'clientPricePerMinute must be a non-negative decimal with at most 6 decimals, e.g. "0.15"' })
  clientPricePerMinute?: string | null;
}

/** PATCH /api/workspaces/:id: any subset of the create body, plus `active`. */
export class UpdateWorkspaceDto extends PartialType(CreateWorkspaceDto) {
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** What every workspace endpoint answers: no secret, only whether one is set. */
export interface WorkspaceView {
  id: string;
  name: string;
  slug: string;
  twilioPhoneNumbers: string[];
  elevenlabsAgentIds: string[];
  twilioAccountSid: string | null;
  currency: string;
  clientPricePerMinute: string | null;
  active: boolean;
  hasElevenlabsApiKey: boolean;
  hasTwilioAuthToken: boolean;
  createdAt: string;
  updatedAt: string;
}
