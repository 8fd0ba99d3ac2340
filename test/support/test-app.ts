import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
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

/** The whole AppModule on its own fresh database, listening on a random 127.0.0.1 port. */
export async function startTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(env);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register({ config, databaseUrl: db.url })] }).compile();
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
