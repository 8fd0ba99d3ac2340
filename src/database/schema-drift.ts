import type { DataSource } from 'typeorm';

export interface SchemaDiff {
  up: string[];
  down: string[];
}

/** What TypeORM would change to make the database match the entities; empty when migrations are complete. */
export async function schemaDiff(ds: DataSource): Promise<SchemaDiff> {
  const log = await ds.driver.createSchemaBuilder().log();
  return {
    up: log.upQueries.map((q) => q.query),
    down: log.downQueries.map((q) => q.query).reverse(),
  };
}

/** A migration class source, as `migration:generate` writes it. */
export function migrationSource(className: string, timestamp: number, diff: SchemaDiff): string {
  const lines = (qs: string[]) => qs.map((q) => `    await q.query(${JSON.stringify(q)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className}${timestamp} implements MigrationInterface {
  name = '${className}${timestamp}';

  async up(q: QueryRunner): Promise<void> {
${lines(diff.up)}
  }

  async down(q: QueryRunner): Promise<void> {
${lines(diff.down)}
  }
}
`;
}
