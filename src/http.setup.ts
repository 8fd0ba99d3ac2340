import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { reserveAdminSlot } from './admin/admin-slot.js';
import { depthLimitedJsonParser } from './common/json-body.js';
import { applySecurityHeaders } from './common/security-headers.js';

/** What the HTTP server needs beyond its modules; shared by main.ts and the e2e tests. */
export function setupHttp(app: INestApplication): void {
  applySecurityHeaders(app);
  reserveAdminSlot(app); // the panel parses its own bodies: ahead of every body parser
  app.use(depthLimitedJsonParser()); // before Nest's own, which then stands aside: see json-body.ts
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Simbiosia Backoffice API')
      .setDescription(
        'Calls and costs per workspace from Twilio and ElevenLabs. Money is an exact decimal string in the answer’s `currency` (reports take `currency=XXX`, default REPORT_CURRENCY).',
      )
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API_TOKEN' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
}
