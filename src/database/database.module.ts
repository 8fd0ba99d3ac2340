import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { migrateUnderLock } from './advisory-lock.js';
import { dataSourceOptions } from './data-source.options.js';

/** The shared TypeORM connection; pending migrations are applied once, under a lock, before the app serves. */
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(databaseUrl, config.database.poolSize),
            // A pooled connection that cannot be had within the timeout fails instead of waiting for ever.
            connectTimeoutMS: config.database.connectTimeoutMs,
            // resolveDatabase has just reached this server: a failure now is not worth 30 s of retries.
            retryAttempts: 0,
            toRetry: () => false,
          }),
        }),
      ],
      providers: [
        {
          provide: 'MIGRATIONS_APPLIED',
          inject: [AppConfig, DataSource],
          useFactory: async (config: AppConfig, ds: DataSource) => (config.database.runMigrations ? migrateUnderLock(ds) : []),
        },
      ],
    };
  }
}
