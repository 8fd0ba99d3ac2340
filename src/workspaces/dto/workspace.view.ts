import { ApiProperty } from '@nestjs/swagger';

/** What every workspace endpoint answers: no secret, only whether one is set. */
export class WorkspaceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ type: [String] }) twilioPhoneNumbers: string[];
  @ApiProperty({ type: [String] }) elevenlabsAgentIds: string[];
  @ApiProperty({ type: String, nullable: true }) twilioAccountSid: string | null;
  @ApiProperty() currency: string;
  @ApiProperty({ type: String, nullable: true, example: '0.15' }) clientPricePerMinute: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() hasElevenlabsApiKey: boolean;
  @ApiProperty() hasTwilioAuthToken: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** A workspace's all-time totals as one sync left them. Money is exact decimal text. */
export class SnapshotView {
  @ApiProperty({ format: 'uuid' }) syncRunId: string;
  @ApiProperty({ format: 'date-time' }) takenAt: string;
  @ApiProperty() calls: number;
  @ApiProperty({ example: '12.5' }) minutes: string;
  @ApiProperty({ example: '1.234' }) twilioCost: string;
  @ApiProperty({ example: '2.5' }) elevenlabsCost: string;
  @ApiProperty({ example: '3.734' }) totalCost: string;
  @ApiProperty() currency: string;
  @ApiProperty() unpricedCalls: number;
  @ApiProperty() estimatedCalls: number;
}
