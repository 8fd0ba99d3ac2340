import { ApiProperty } from '@nestjs/swagger';

export class HealthIndicatorView {
  @ApiProperty({ enum: ['up', 'down'] }) status: string;
}

export class HealthDetailsView {
  @ApiProperty({ type: HealthIndicatorView }) database: HealthIndicatorView;
}

/** Terminus's answer: `{status: 'ok', info: {database: {status: 'up'}}, error: {}, details: {...}}`. */
export class HealthView {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status: string;
  @ApiProperty({ type: HealthDetailsView, required: false }) info?: HealthDetailsView;
  @ApiProperty({ type: HealthDetailsView, required: false }) error?: HealthDetailsView;
  @ApiProperty({ type: HealthDetailsView }) details: HealthDetailsView;
}
