import { ApiProperty } from '@nestjs/swagger';
import { ChangeView, ComparedWithView } from './report-views.dto.js';

const COMPONENTS = 'telephony: the Twilio legs; agentPlatform and llm: ElevenLabs as the vendor broke it down; unsplit: what it did not break down';

export class ComponentsView {
  @ApiProperty({ example: '0.0255', description: 'The Twilio legs' }) telephony: string;
  @ApiProperty({ example: '0.16', description: "ElevenLabs' call/voice and platform charges" }) agentPlatform: string;
  @ApiProperty({ example: '0.06', description: "ElevenLabs' language-model charge" }) llm: string;
  @ApiProperty({ example: '0', description: 'What the vendor did not break down (an estimate, or a cost without a breakdown): never guessed' }) unsplit: string;
  @ApiProperty({ example: '0.2455', description: 'The sum of the four: the calls’ whole cost' }) total: string;
}

export class ComponentsPerMinuteView {
  @ApiProperty({ type: String, nullable: true, example: '0.0085' }) telephony: string | null;
  @ApiProperty({ type: String, nullable: true }) agentPlatform: string | null;
  @ApiProperty({ type: String, nullable: true }) llm: string | null;
  @ApiProperty({ type: String, nullable: true }) unsplit: string | null;
  @ApiProperty({ type: String, nullable: true }) total: string | null;
}

export class ComponentChangesView {
  @ApiProperty({ type: ChangeView, nullable: true }) telephony: ChangeView | null;
  @ApiProperty({ type: ChangeView, nullable: true }) agentPlatform: ChangeView | null;
  @ApiProperty({ type: ChangeView, nullable: true }) llm: ChangeView | null;
  @ApiProperty({ type: ChangeView, nullable: true }) unsplit: ChangeView | null;
  @ApiProperty({ type: ChangeView, nullable: true }) total: ChangeView | null;
}

export class AgentPeriodView {
  @ApiProperty() calls: number;
  @ApiProperty({ description: 'Whole seconds: the exact base of minutes' }) seconds: number;
  @ApiProperty({ example: '12.50', description: 'seconds / 60, 2 decimals' }) minutes: string;
  @ApiProperty({ type: ComponentsView, description: `Cost by component, exact. ${COMPONENTS}` }) cost: ComponentsView;
  @ApiProperty({ type: ComponentsPerMinuteView, description: 'Each component / minutes (sum × 60 / seconds), 6 decimals; null without minutes' })
  costPerMinute: ComponentsPerMinuteView;
}

export class AgentChangeView {
  @ApiProperty({ type: ChangeView, nullable: true }) calls: ChangeView | null;
  @ApiProperty({ type: ChangeView, nullable: true }) minutes: ChangeView | null;
  @ApiProperty({ type: ChangeView, nullable: true }) totalCost: ChangeView | null;
  @ApiProperty({ type: ComponentChangesView, description: 'Null parts where either period has no minutes' }) costPerMinute: ComponentChangesView;
}

export class AgentRowView extends AgentPeriodView {
  @ApiProperty({ type: String, nullable: true, description: 'ElevenLabs agent id; null for calls no agent answered (Twilio only)' }) agentId: string | null;
  @ApiProperty({ format: 'uuid' }) workspaceId: string;
  @ApiProperty() workspaceSlug: string;
  @ApiProperty() workspaceName: string;
  @ApiProperty({ type: AgentPeriodView, nullable: true, description: 'The same agent in the previous period; null when it had no calls then' })
  previous: AgentPeriodView | null;
  @ApiProperty({ type: AgentChangeView, description: 'Against the previous period (a missing previous counts as zero calls and cost)' }) change: AgentChangeView;
}

export class AgentsReportView {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ example: 'Europe/Madrid' }) timezone: string;
  @ApiProperty({ example: 'USD', description: 'Every amount is in this currency' }) currency: string;
  @ApiProperty({ type: String, nullable: true, description: 'Workspace slug, null for all' }) workspace: string | null;
  @ApiProperty({ type: ComparedWithView }) comparedWith: ComparedWithView;
  @ApiProperty({ type: [AgentRowView], description: 'Per agent and workspace, by total cost, highest first' }) agents: AgentRowView[];
}
