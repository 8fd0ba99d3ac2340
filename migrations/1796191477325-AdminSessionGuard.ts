import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Panel sessions that follow their user: a version bumped by a password or role change ends the
 * other sessions, and login attempts counted in PostgreSQL so every replica shares one throttle.
 */
export class AdminSessionGuard1796191477325 implements MigrationInterface {
  name = 'AdminSessionGuard1796191477325';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"admin_login_attempts\" (\"key\" character varying(320) NOT NULL, \"attempts\" integer NOT NULL, \"next_attempt_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"last_attempt_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_dd1f1e1cb522b66b041d8e24b4f\" PRIMARY KEY (\"key\"))");
    await q.query("ALTER TABLE \"admin_users\" ADD \"session_version\" integer NOT NULL DEFAULT '1'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"admin_users\" DROP COLUMN \"session_version\"");
    await q.query("DROP TABLE \"admin_login_attempts\"");
  }
}
