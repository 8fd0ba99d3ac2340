import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiTokenGuard } from '../auth/api-token.guard.js';
import { IdOrSlugPipe } from '../common/path-id.pipe.js';
import type { Snapshot } from '../entities/index.js';
import { HistoryQuery } from './dto/history.query.js';
import { CreateWorkspaceDto, SnapshotView, UpdateWorkspaceDto, WorkspaceView } from './dto/workspace.dto.js';
import { WorkspacesService } from './workspaces.service.js';

/** `:id` is the workspace id or its slug everywhere; anything shaped otherwise is 404 before any query. */
@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('api/workspaces')
@UseGuards(ApiTokenGuard)
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @ApiOkResponse({ type: [WorkspaceView] })
  async list(): Promise<WorkspaceView[]> {
    return (await this.workspaces.list()).map((w) => this.workspaces.view(w));
  }

  @Get(':id')
  @ApiParam({ name: 'id', description: 'Workspace id (uuid) or slug' })
  @ApiOkResponse({ type: WorkspaceView })
  @ApiNotFoundResponse({ description: 'No workspace with that id or slug' })
  async get(@Param('id', IdOrSlugPipe) id: string): Promise<WorkspaceView> {
    return this.workspaces.view(await this.workspaces.get(id));
  }

  @Post()
  @ApiCreatedResponse({ type: WorkspaceView })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid; the message names it' })
  async create(@Body() body: CreateWorkspaceDto): Promise<WorkspaceView> {
    return this.workspaces.view(await this.workspaces.create(body));
  }

  @Patch(':id')
  @ApiParam({ name: 'id', description: 'Workspace id (uuid) or slug' })
  @ApiOkResponse({ type: WorkspaceView })
  @ApiBadRequestResponse({ description: 'A field is invalid, or null where it may not be; the message names it' })
  async update(@Param('id', IdOrSlugPipe) id: string, @Body() body: UpdateWorkspaceDto): Promise<WorkspaceView> {
    return this.workspaces.view(await this.workspaces.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiParam({ name: 'id', description: 'Workspace id (uuid) or slug' })
  @ApiNoContentResponse({ description: 'Deleted, with its calls and snapshots' })
  async remove(@Param('id', IdOrSlugPipe) id: string): Promise<void> {
    await this.workspaces.remove(id);
  }

  /** Snapshots after each sync, newest first. */
  @Get(':id/history')
  @ApiParam({ name: 'id', description: 'Workspace id (uuid) or slug' })
  @ApiOkResponse({ type: [SnapshotView] })
  async history(@Param('id', IdOrSlugPipe) id: string, @Query() query: HistoryQuery): Promise<SnapshotView[]> {
    return (await this.workspaces.history(id, query.limit ?? 100)).map(snapshotView);
  }
}

function snapshotView(s: Snapshot): SnapshotView {
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
