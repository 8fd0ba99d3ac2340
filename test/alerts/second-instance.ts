import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
import { Clock } from '../../src/common/clock.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { setupHttp } from '../../src/http.setup.js';

/** Another process of the app on the same database (its own pool, its own Nest container), on the same clock. */
export async function startAnotherInstance(config: AppConfig, databaseUrl: string, clock?: Clock): Promise<INestApplication> {
  const builder = Test.createTestingModule({ imports: [AppModule.register({ config, databaseUrl })] });
  if (clock) builder.overrideProvider(Clock).useValue(clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ rawBody: true, logger: false });
  // As main.ts does: the admin panel (served by every replica) is mounted by setupHttp.
  setupHttp(app);
  await app.listen(0, '127.0.0.1');
  return app;
}
