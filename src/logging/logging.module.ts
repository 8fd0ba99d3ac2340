import { type DynamicModule, Global, Inject, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { type HttpLogger, pinoHttp } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';
import { PinoNestLogger, requestLogger } from './pino-nest-logger.js';
import { redactUrl } from './redact-url.js';

/**
 * Paths pino blanks out wherever they appear in a log line: credentials in headers and any field
 * that can carry a vendor secret or a password (request bodies, error contexts).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["xi-api-key"]',
  'req.headers["x-slack-signature"]',
  'res.headers["set-cookie"]',
  '*.elevenlabsApiKey',
  '*.twilioAuthToken',
  '*.authToken',
  '*.apiKey',
  '*.password',
  '*.token',
  'elevenlabsApiKey',
  'twilioAuthToken',
  'password',
];

const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/**
 * pino for the whole app: pino-http logs every request (but health checks) and Nest's own logger
 * (`PinoNestLogger`, for `app.useLogger`) writes through the same pino instance.
 */
@Global()
@Module({})
export class LoggingModule implements NestModule {
  constructor(@Inject(HTTP_LOGGER) private readonly http: HttpLogger) {}

  static forRoot(config: AppConfig): DynamicModule {
    const http = pinoHttp({
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      // Query values are never logged (a caller may put a token in any of them), only their names; nor are bodies.
      serializers: { req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }) },
    });
    return {
      module: LoggingModule,
      providers: [
        { provide: HTTP_LOGGER, useValue: http },
        { provide: PinoNestLogger, useValue: new PinoNestLogger(http.logger) },
      ],
      exports: [PinoNestLogger],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    const bindRequestLogger = (req: Request, _res: Response, next: NextFunction) => requestLogger.run(req.log, next);
    // `{/*splat}`: every path, the root included, in path-to-regexp 8's syntax (Express 5).
    consumer.apply(this.http, bindRequestLogger).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
