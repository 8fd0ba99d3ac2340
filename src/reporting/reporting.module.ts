import { Module } from '@nestjs/common';
import { CsvExport } from './export/csv-export.js';
import { WorkbookExport } from './export/workbook-export.js';
import { ReportCalls } from './report-calls.js';
import { ReportScopeResolver } from './report-scope.js';
import { ReportingController } from './reporting.controller.js';
import { ReportingService } from './reporting.service.js';

@Module({
  controllers: [ReportingController],
  providers: [ReportingService, ReportCalls, ReportScopeResolver, WorkbookExport, CsvExport],
  exports: [ReportingService, ReportCalls, ReportScopeResolver, WorkbookExport, CsvExport],
})
export class ReportingModule {}
