import { Module } from '@nestjs/common';
import { ReportCalls } from './report-calls.js';
import { ReportScopeResolver } from './report-scope.js';
import { ReportingController } from './reporting.controller.js';
import { ReportingService } from './reporting.service.js';

@Module({
  controllers: [ReportingController],
  providers: [ReportingService, ReportCalls, ReportScopeResolver],
  exports: [ReportingService, ReportCalls, ReportScopeResolver],
})
export class ReportingModule {}
