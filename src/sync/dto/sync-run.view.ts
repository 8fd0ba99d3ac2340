import { ApiProperty } from '@nestjs/swagger';
import type { SyncRun, SyncRunSource } from '../../entities/index.js';

const STATUSES = ['running', 'succeeded', 'partial', 'failed'];

/** One source (Twilio calls, ElevenLabs conversations, Twilio usage) of one workspace within a run. */
export class SyncSourceView {
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Null for account-wide sources' }) workspaceId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Workspace slug' }) workspace: string | null;
  @ApiProperty({ enum: ['twilio', 'elevenlabs', 'twilio_usage', 'ecb_rates'] }) source: string;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty() pages: number;
  @ApiProperty() rows: number;
  @ApiProperty() errors: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt: string | null;
}

/** The sync-run shape other clients script against: keep these keys. */
export class SyncRunView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STATUSES }) status: 'running' | 'succeeded' | 'partial' | 'failed';
  @ApiProperty({ enum: ['schedule', 'api', 'cli', 'admin'] }) trigger: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt: string | null;
  @ApiProperty({ type: [SyncSourceView] }) sources: SyncSourceView[];
}

export function syncRunView(run: SyncRun, sources: SyncRunSource[]): SyncRunView {
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    sources: sources.map((s) => ({
      workspaceId: s.workspaceId,
      workspace: s.workspace?.slug ?? null,
      source: s.source,
      status: s.status,
      pages: s.pages,
      rows: s.rows,
      errors: s.errors,
      lastError: s.lastError,
      startedAt: s.startedAt.toISOString(),
      finishedAt: s.finishedAt?.toISOString() ?? null,
    })),
  };
}
