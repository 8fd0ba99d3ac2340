import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admin panel sessions, kept in PostgreSQL so a restart or a second instance does not log anyone
 * out. The table is connect-pg-simple's (its store reads and writes it); not an entity, so written
 * by hand. Expired rows are pruned by the store.
 */
export class AdminSessions1795707001347 implements MigrationInterface {
  name = 'AdminSessions1795707001347';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "admin_sessions" ("sid" varchar NOT NULL PRIMARY KEY, "sess" json NOT NULL, "expire" timestamp(6) NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_admin_sessions_expire" ON "admin_sessions" ("expire")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "admin_sessions"`);
  }
}
