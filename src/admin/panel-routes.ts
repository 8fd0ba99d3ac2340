import { BadRequestException, HttpException, Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { type NextFunction, type Request, type Response, Router } from 'express';
import { SyncTrigger } from '../entities/index.js';
import { ReportQueryDto } from '../reporting/dto/report-query.dto.js';
import { CSV_TYPE, CsvExport, exportFilename } from '../reporting/export/csv-export.js';
import { sendDownload } from '../reporting/export/download.js';
import { ExportGate } from '../reporting/export/export-gate.js';
import { WorkbookExport, XLSX_TYPE } from '../reporting/export/workbook-export.js';
import { ReportScopeResolver } from '../reporting/report-scope.js';
import { ReportingService } from '../reporting/reporting.service.js';
import { SyncService } from '../sync/sync.service.js';
import { PanelDataService, type PanelPeriod } from './panel-data.service.js';
import { ReconciliationPanelService } from './reconciliation-panel.service.js';
import { isAdmin } from './resources/access.js';

type Handler = (req: Request, res: Response) => Promise<unknown>;

/**
 * The panel's own endpoints, mounted inside the AdminJS router after its login check, so they
 * answer only to a signed-in session: the Excel/CSV downloads, Sync now and its progress, the
 * workspace page's figures and the reconciliation page's. Each is a thin call into the module that owns the work.
 */
@Injectable()
export class PanelRoutes {
  private readonly logger = new Logger(PanelRoutes.name);

  constructor(
    private readonly scopes: ReportScopeResolver,
    private readonly workbook: WorkbookExport,
    private readonly csv: CsvExport,
    private readonly sync: SyncService,
    private readonly data: PanelDataService,
    private readonly gate: ExportGate,
    private readonly reconciliation: ReconciliationPanelService,
    private readonly reports: ReportingService,
  ) {}

  router(): Router {
    const router = Router();
    // Downloads share the API's export slots (ExportGate): 429 past EXPORT_CONCURRENCY.
    const downloads = { idleTimeoutMs: this.gate.idleTimeoutMs, logger: this.logger };
    router.get(
      '/export.xlsx',
      this.handle(async (req, res) => {
        const query = await reportQuery(req);
        await this.gate.run(res, async () => {
          const scope = await this.scopes.resolve(query);
          // A missing rate is a 400 before the first byte, as the API answers it (reporting.controller.ts).
          await this.reports.assertConvertible(scope);
          await sendDownload(res, XLSX_TYPE, exportFilename(scope, 'xlsx'), () => this.workbook.write(scope, res), downloads);
        });
      }),
    );
    router.get(
      '/export.csv',
      this.handle(async (req, res) => {
        const query = await reportQuery(req);
        await this.gate.run(res, async () => {
          const scope = await this.scopes.resolve(query);
          await this.reports.assertConvertible(scope);
          await sendDownload(res, CSV_TYPE, exportFilename(scope, 'csv'), () => this.csv.write(scope, res), downloads);
        });
      }),
    );
    // What the Excel page asks before offering its link: the download's refusals (a bad filter, a
    // missing exchange rate) as a message on the page rather than a JSON error where the file was due.
    router.get(
      '/api/panel/export-check',
      this.handle(async (req, res) => {
        const scope = await this.scopes.resolve(await reportQuery(req));
        await this.reports.assertConvertible(scope);
        return res.json({ from: scope.from, to: scope.to, currency: scope.currency });
      }),
    );
    router.post(
      '/api/panel/sync',
      this.handle(async (req, res) => {
        if (!isAdmin({ currentAdmin: req.session.adminUser })) return res.status(403).json({ message: 'Only admins can start a sync' });
        const run = await this.sync.start(SyncTrigger.Admin);
        return res.status(202).json({ runId: run.id, status: run.status });
      }),
    );
    router.get(
      '/api/panel/sync/:id',
      this.handle(async (req, res) => res.json(await this.sync.view(String(req.params.id)))),
    );
    router.get(
      '/api/panel/workspaces/:id',
      this.handle(async (req, res) => res.json(await this.data.workspace(String(req.params.id), panelPeriod(req)))),
    );
    // The days of a period button, by the server's clock and the report zone (the Excel page's link).
    router.get(
      '/api/panel/period',
      this.handle(async (req, res) => res.json(await this.data.period(panelPeriod(req)))),
    );
    // Read-only, so every signed-in role may look; account and month are checked before any query.
    router.get(
      '/api/panel/reconciliation',
      this.handle(async (req, res) => res.json(await this.reconciliation.page({ account: req.query.account, month: req.query.month }))),
    );
    return router;
  }

  /** Nest's exceptions become the same JSON `{ statusCode, message }` the REST API answers. */
  private handle(fn: Handler) {
    return (req: Request, res: Response, next: NextFunction) => {
      fn(req, res).catch((err: unknown) => {
        if (err instanceof HttpException) {
          const body = err.getResponse();
          return res.status(err.getStatus()).json(typeof body === 'string' ? { statusCode: err.getStatus(), message: body } : body);
        }
        next(err);
      });
    };
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The period and currency a panel page asks for. A repeated parameter is refused (panel-input.guard.ts) before here. */
function panelPeriod(req: Request): PanelPeriod {
  const q = req.query;
  return { from: str(q.from), to: str(q.to), tz: str(q.tz), preset: str(q.preset), currency: str(q.currency) };
}

/** The export takes the reporting API's filters, checked by the same DTO. */
async function reportQuery(req: Request): Promise<ReportQueryDto> {
  const query = plainToInstance(ReportQueryDto, req.query);
  const errors = await validate(query, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw new BadRequestException(errors.flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is not allowed` })).join('; '));
  }
  return query;
}
