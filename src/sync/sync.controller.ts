import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiTokenGuard } from '../auth/api-token.guard.js';
import { UuidPipe } from '../common/path-id.pipe.js';
import { DateRangeQuery } from '../reporting/dto/date-range.query.js';
import { ReconciliationView } from '../reporting/dto/reconciliation.view.js';
import { ReconciliationReport } from '../reporting/reconciliation.report.js';
import { SyncTrigger } from '../entities/index.js';
import { RunsQuery } from './dto/runs.query.js';
import { SyncRunView } from './dto/sync-run.view.js';
import { SyncService } from './sync.service.js';

@ApiTags('sync')
@ApiBearerAuth()
@Controller('api/sync')
@UseGuards(ApiTokenGuard)
export class SyncController {
  constructor(
    private readonly sync: SyncService,
    private readonly ledger: ReconciliationReport,
  ) {}

  /** 202 with the new run (its `id` to poll); 409 with `runId` when a sync is already running. */
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: SyncRunView, description: 'The run started; poll GET /api/sync/runs/{id}' })
  @ApiConflictResponse({ description: 'A sync is already running: `{ runId }`' })
  async start(): Promise<SyncRunView> {
    const run = await this.sync.start(SyncTrigger.Api);
    return this.sync.view(run.id);
  }

  @Get('runs')
  @ApiOkResponse({ type: [SyncRunView], description: 'Newest first' })
  recent(@Query() query: RunsQuery): Promise<SyncRunView[]> {
    return this.sync.recent(query.limit ?? 20);
  }

  /** Kept for scripts written against it: the same answer as GET /api/reports/reconciliation. */
  @Get('reconciliation')
  @ApiOperation({ deprecated: true, summary: 'Alias of GET /api/reports/reconciliation' })
  @ApiOkResponse({ type: ReconciliationView })
  @ApiBadRequestResponse({ description: 'from or to missing, not a real date, from after to, or more than 400 days' })
  reconciliation(@Query() query: DateRangeQuery): Promise<ReconciliationView> {
    return this.ledger.report(query.from, query.to);
  }

  @Get('runs/:id')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SyncRunView })
  @ApiNotFoundResponse({ description: 'No such run' })
  run(@Param('id', UuidPipe) id: string): Promise<SyncRunView> {
    return this.sync.view(id);
  }
}
