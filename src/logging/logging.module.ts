import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';
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

@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            autoLogging: { ignore: (req) => req.url === '/api/health' },
            // Query values are never logged (a caller may put a token in any of them), only their names; nor are bodies.
            serializers: { req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }) },
          },
        }),
      ],
    };
  }
}
