import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiTokenGuard } from '../auth/api-token.guard.js';
import type { Snapshot } from '../entities/index.js';
import { CreateWorkspaceDto, UpdateWorkspaceDto, type WorkspaceView } from './dto/workspace.dto.js';
import { WorkspacesService } from './workspaces.service.js';

/** `:id` is the workspace id or its slug everywhere. */
@Controller('api/workspaces')
@UseGuards(ApiTokenGuard)
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  async list(): Promise<WorkspaceView[]> {
    return (await this.workspaces.list()).map((w) => this.workspaces.view(w));
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<WorkspaceView> {
    return this.workspaces.view(await this.workspaces.get(id));
  }

  @Post()
  async create(@Body() body: CreateWorkspaceDto): Promise<WorkspaceView> {
    return this.workspaces.view(await this.workspaces.create(body));
  }

  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: UpdateWorkspaceDto): Promise<WorkspaceView> {
    return this.workspaces.view(await this.workspaces.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.workspaces.remove(id);
  }

  /** Snapshots after each sync, newest first. */
  @Get(':id/history')
  async history(@Param('id') id: string, @Query('limit') limit?: string) {
    const take = Math.min(Math.max(Number.parseInt(limit ?? '100', 10) || 100, 1), 1000);
    return (await this.workspaces.history(id, take)).map(snapshotView);
  }
}

function snapshotView(s: Snapshot) {
  return {
    syncRunId: s.syncRunId,
    takenAt: s.takenAt.toISOString(),
    calls: s.calls,
    minutes: s.minutes,
    twilioCost: s.twilioCost,
    elevenlabsCost: s.elevenlabsCost,
    totalCost: s.totalCost,
    currency: s.currency,
    unpricedCalls: s.unpricedCalls,
    estimatedCalls: s.estimatedCalls,
  };
}
