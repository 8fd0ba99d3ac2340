import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { App } from '@slack/bolt';
import type { Application, NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config.js';
import { CostsService } from './costs.service.js';
import { boltLogger } from './bolt-logger.js';
import { texts } from './slack-i18n.js';

/** Request URLs to paste into the Slack app's config (Slash Commands and Event Subscriptions). */
export const SLACK_PATHS = ['/slack/events', '/slack/commands'];
/** Slack waits 3 s for the ack; what is not ready by then goes through response_url (margin for queueing before us). */
export const ACK_WITHIN_MS = 1500;
/** Signed requests older or newer than this are refused, so a captured request cannot be replayed. */
const TIMESTAMP_WINDOW_S = 5 * 60;

/**
 * The Bolt app: HTTP mode on the Nest server's own Express instance (signature checked with
 * SLACK_SIGNING_SECRET), or Socket Mode when SLACK_APP_TOKEN is set. Off without a bot token.
 */
@Injectable()
export class SlackBoltService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Slack');
  private app: App | null = null;
  private socketMode = false;

  constructor(
    private readonly config: AppConfig,
    private readonly costs: CostsService,
    private readonly host: HttpAdapterHost,
  ) {}

  /** Mounted here, before Nest registers its not-found handler, or every Slack request would 404. */
  async onModuleInit(): Promise<void> {
    const { enabled, botToken, signingSecret, appToken, apiUrl } = this.config.slack;
    if (!enabled) {
      this.logger.log('Slack is off (SLACK_BOT_TOKEN is not set): no /costs, alerts or digest');
      return;
    }
    // CLIs (npm run sync) run without an HTTP server: they post alerts, but never serve /costs.
    if (!this.host.httpAdapter) return;
    // Loaded only when Slack is on: importing Bolt costs about 0.4 s of every start.
    const { App, ExpressReceiver, SocketModeReceiver } = await import('@slack/bolt');
    const logger = boltLogger(this.logger);
    const clientOptions = { slackApiUrl: apiUrl };
    if (appToken) {
      // Our own receiver: Bolt's default one would open the socket through slack.com whatever SLACK_API_URL says.
      const receiver = new SocketModeReceiver({ appToken, logger, installerOptions: { clientOptions } });
      this.app = new App({ token: botToken, receiver, clientOptions, logger });
      this.socketMode = true;
    } else if (!signingSecret) {
      this.logger.warn('Slack /costs is off: SLACK_SIGNING_SECRET is not set (alerts and the digest still post)');
      return;
    } else {
      const receiver = new ExpressReceiver({
        signingSecret,
        endpoints: { events: SLACK_PATHS[0], commands: SLACK_PATHS[1] },
        logger,
        customPropertiesExtractor: (req) => ({ receivedAt: (req as { receivedAt?: number }).receivedAt }),
      });
      this.app = new App({ token: botToken, receiver, clientOptions, logger });
      const express = this.host.httpAdapter.getInstance<Application>();
      express.use(SLACK_PATHS, timestampWindow);
      express.use(receiver.router);
    }
    this.app.command('/costs', async ({ command, ack, respond, context }) => {
      const requester = { userId: command.user_id, channelId: command.channel_id };
      const answer = this.costs.reply(command.text ?? '', requester);
      // Slack's 3 s run from when it sent the request: time spent queueing in this process counts.
      const received = typeof context.receivedAt === 'number' ? context.receivedAt : Date.now();
      const wait = Math.max(0, ACK_WITHIN_MS - (Date.now() - received));
      const quick = await Promise.race([answer, new Promise<null>((r) => setTimeout(() => r(null), wait).unref())]);
      if (quick) {
        await ack({ response_type: 'ephemeral', ...quick });
        return;
      }
      await ack({ response_type: 'ephemeral', text: texts(this.costs.langOf(command.text ?? '')).working });
      const late = await answer;
      await respond({ response_type: 'ephemeral', replace_original: true, ...late }).catch((err: unknown) =>
        this.logger.error(`could not answer /costs through response_url: ${err instanceof Error ? err.message : String(err)}`),
      );
    });
    this.logger.log(this.socketMode ? 'Slack on, Socket Mode' : `Slack on, HTTP mode at ${SLACK_PATHS.join(' and ')}`);
  }

  /** Not awaited: Slack being unreachable must not stop the API from starting (the client reconnects). */
  onApplicationBootstrap(): void {
    if (this.app && this.socketMode) {
      this.app.start().catch((err: unknown) => this.logger.error(`Socket Mode could not connect: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.app && this.socketMode) await this.app.stop().catch(() => undefined);
  }
}

/** Bolt refuses stale requests only; this also refuses ones dated in the future, and unsigned ones. */
function timestampWindow(req: Request, res: Response, next: NextFunction): void {
  (req as Request & { receivedAt?: number }).receivedAt = Date.now();
  const ts = Number(req.headers['x-slack-request-timestamp']);
  if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > TIMESTAMP_WINDOW_S || !req.headers['x-slack-signature']) {
    res.status(401).send();
    return;
  }
  next();
}
