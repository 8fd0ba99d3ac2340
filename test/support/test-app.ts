import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
import { Clock } from '../../src/common/clock.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { setupHttp } from '../../src/http.setup.js';
import { testConfig } from './test-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * The whole AppModule on its own fresh database, listening on a random 127.0.0.1 port. `clock`: the
 * app's notion of now (a FixedClock), for tests whose answer depends on the day, week or month.
 */
export async function startTestApp(env: Record<string, string | undefined> = {}, options: { clock?: Clock } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(env);
  const builder = Test.createTestingModule({ imports: [AppModule.register({ config, databaseUrl: db.url })] });
  if (options.clock) builder.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ rawBody: true, logger: false });
  setupHttp(app);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    config,
    db,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** GET /api/reports/<path> with the app's API token; resolves to the 200 answer's body. */
export function reportApi(t: TestApp): (path: string, query: object) => Promise<any> {
  return (path, query) =>
    request(t.app.getHttpServer())
      .get(`/api/reports/${path}`)
      .query(query)
      .set('Authorization', `Bearer ${t.config.secrets.apiToken}`)
      .expect(200)
      .then((r) => r.body);
}
