import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CallStatus } from '../../entities/index.js';

/**
 * The documented shapes of the report answers (OpenAPI only: the service builds them as plain
 * objects). Money is exact decimal text in the answer's `currency`.
 */

export class StaleRateView {
  @ApiProperty({ example: 'MXN' }) currency: string;
  @ApiProperty({ format: 'date', description: 'First day converted at this rate' }) from: string;
  @ApiProperty({ format: 'date', description: 'Last day converted at this rate' }) to: string;
  @ApiProperty({ format: 'date', description: 'The day the rate was published for, more than 7 days before' }) publishedOn: string;
}
export class FiguresView {
  @ApiProperty() calls: number;
  @ApiProperty({ description: 'Whole seconds: the exact base of minutes' }) seconds: number;
  @ApiProperty({ example: '12.50', description: 'seconds / 60, 2 decimals' }) minutes: string;
  @ApiProperty({ example: '1.234' }) twilioCost: string;
  @ApiProperty({ example: '2.5' }) elevenlabsCost: string;
  @ApiProperty({ example: '83333' }) elevenlabsCredits: string;
  @ApiProperty({ example: '3.734' }) totalCost: string;
  @ApiProperty({ type: String, nullable: true, description: 'totalCost / minutes, 6 decimals; null without minutes' }) costPerMinute: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'totalCost / calls, 6 decimals; null without calls' }) costPerCall: string | null;
  @ApiProperty() unpricedCalls: number;
  @ApiProperty() estimatedCalls: number;
}

export class SummaryView extends FiguresView {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ example: 'Europe/Madrid' }) timezone: string;
  @ApiProperty({ example: 'EUR', description: 'ISO 4217: every amount is in it, converted per call at the rate of its UTC day' }) currency: string;
  @ApiProperty({ type: String, nullable: true, description: 'Workspace slug, null for all' }) workspace: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Share of calls, 4 decimals' }) unpricedShare: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Share of calls, 4 decimals' }) estimatedShare: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Over the workspaces with a client price; null when none has' }) clientRevenue: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'clientRevenue − their cost' }) margin: string | null;
  @ApiProperty({ type: [StaleRateView], description: 'Rates used that had not been published for more than 7 days' }) staleRates: StaleRateView[];
}

/** The period and terms every report answer states (the summary states them beside its figures). */
export class ReportPeriodView {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ example: 'EUR', description: 'ISO 4217: every amount is in it' }) currency: string;
}

export class BucketView extends FiguresView {
  @ApiProperty({ format: 'date', description: 'First day of the bucket (report time zone)' }) bucket: string;
}

export class TimeseriesView extends ReportPeriodView {
  @ApiProperty({ type: String, nullable: true }) workspace: string | null;
  @ApiProperty({ enum: ['day', 'week', 'month'] }) bucket: string;
  @ApiProperty({ type: [BucketView] }) points: BucketView[];
  @ApiProperty({ type: [StaleRateView] }) staleRates: StaleRateView[];
}

export class WorkspaceFiguresView extends FiguresView {
  @ApiProperty({ format: 'uuid' }) workspaceId: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'EUR', description: "The workspace's own currency: its client pays in it and clientPricePerMinute is in it" }) clientCurrency: string;
  @ApiProperty({ type: String, nullable: true, description: 'In clientCurrency' }) clientPricePerMinute: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Price × minutes, converted per UTC day into the answer currency' }) clientRevenue: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'clientRevenue − totalCost, in the answer currency' }) margin: string | null;
}

export class WorkspacesReportView extends ReportPeriodView {
  @ApiProperty({ type: [WorkspaceFiguresView] }) workspaces: WorkspaceFiguresView[];
  @ApiProperty({ type: [StaleRateView] }) staleRates: StaleRateView[];
}

export class ChangeView {
  @ApiProperty({ example: '-1.5' }) absolute: string;
  @ApiProperty({ type: String, nullable: true, description: 'Percent, 2 decimals; null when the previous value was zero' }) percent: string | null;
}

export class ChangesView {
  @ApiPropertyOptional({ type: ChangeView, nullable: true }) calls: ChangeView | null;
  @ApiPropertyOptional({ type: ChangeView, nullable: true }) minutes: ChangeView | null;
  @ApiPropertyOptional({ type: ChangeView, nullable: true }) twilioCost: ChangeView | null;
  @ApiPropertyOptional({ type: ChangeView, nullable: true }) elevenlabsCost: ChangeView | null;
  @ApiPropertyOptional({ type: ChangeView, nullable: true }) totalCost: ChangeView | null;
  @ApiPropertyOptional({ type: ChangeView, nullable: true }) costPerMinute: ChangeView | null;
}

export class ForecastView {
  @ApiProperty({ example: '2026-11' }) month: string;
  @ApiProperty() actualToDate: string;
  @ApiProperty() forecast: string;
  @ApiProperty() daysElapsed: string;
  @ApiProperty() daysInMonth: number;
}

export class ComparedWithView {
  @ApiProperty({ enum: ['month', 'week', 'day', 'range'], description: 'range: a free range, compared with as many days before' }) shape: string;
  @ApiProperty({ example: '2026-11-01' }) from: string;
  @ApiProperty({ example: '2026-11-02' }) to: string;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'For a period still running: the instant the previous span stops at (the same wall time as now); null when counted whole',
  })
  until: string | null;
}

export class ComparisonView {
  @ApiProperty({ type: SummaryView }) current: SummaryView;
  @ApiProperty({ type: SummaryView }) previous: SummaryView;
  @ApiProperty({ type: ChangesView }) change: ChangesView;
  @ApiProperty({ type: ForecastView }) forecast: ForecastView;
  @ApiProperty({ type: ComparedWithView }) comparedWith: ComparedWithView;
}

export class CallRowView {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ description: 'Workspace slug' }) workspace: string;
  @ApiProperty({ type: String, nullable: true }) agentId: string | null;
  @ApiProperty({ enum: ['inbound', 'outbound', 'web', 'unknown'] }) direction: string;
  @ApiProperty({ type: String, nullable: true }) from: string | null;
  @ApiProperty({ type: String, nullable: true }) to: string | null;
  @ApiProperty({ enum: CallStatus, enumName: 'CallStatus', nullable: true }) status: CallStatus | null;
  @ApiProperty() durationSeconds: number;
  @ApiProperty({ type: String, nullable: true, description: 'In the answer currency, at the rate of the call’s UTC day' }) twilioCost: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'As Twilio billed it, in twilioPriceUnit' }) twilioCostBilled: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'USD' }) twilioPriceUnit: string | null;
  @ApiProperty() twilioPriceFinal: boolean;
  @ApiProperty({ description: 'Twilio has the call but not its final price yet: twilioCost is what is priced so far' }) twilioPricePending: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'In the answer currency, at the rate of the call’s UTC day' }) elevenlabsCost: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'As priced, in elevenlabsCurrency' }) elevenlabsCostBilled: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'USD' }) elevenlabsCurrency: string | null;
  @ApiProperty({ type: String, nullable: true }) elevenlabsCredits: string | null;
  @ApiProperty({ type: String, nullable: true }) elevenlabsCostBasis: string | null;
  @ApiProperty({ description: 'twilioCost + elevenlabsCost, in the answer currency' }) totalCost: string;
  @ApiProperty({ type: String, nullable: true }) twilioCallSid: string | null;
  @ApiProperty({ type: String, nullable: true }) elevenlabsConversationId: string | null;
  @ApiProperty({ type: String, nullable: true }) terminationReason: string | null;
}

export class CallsPageView extends ReportPeriodView {
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: [CallRowView] }) items: CallRowView[];
}

/** The export routes answer a file. */
export const FILE_SCHEMA = { type: 'string', format: 'binary' } as const;
