import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ReportingModule } from '../reporting/reporting.module.js';
import { CostsService } from './costs.service.js';
import { SlackBoltService } from './slack-bolt.service.js';
import { DisabledSlack, SlackWebAdapter } from './slack-web.adapter.js';
import { SLACK_PORT } from './slack.port.js';

/** /costs in Slack, and the Slack port that alerts and the digest post through. */
@Module({
  imports: [ReportingModule],
  providers: [
    CostsService,
    SlackBoltService,
    {
      provide: SLACK_PORT,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => (config.slack.enabled ? new SlackWebAdapter(config) : new DisabledSlack()),
    },
  ],
  exports: [SLACK_PORT, CostsService],
})
export class SlackModule {}
