import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ElevenlabsUsageDays1796310000000 implements MigrationInterface {
  name = 'ElevenlabsUsageDays1796310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TYPE \"public\".\"elevenlabs_usage_access_status\" AS ENUM('ok', 'forbidden', 'failed')");
    await q.query("CREATE TABLE \"elevenlabs_usage_access\" (\"workspace_id\" uuid NOT NULL, \"access\" \"public\".\"elevenlabs_usage_access_status\" NOT NULL, \"reason\" text, \"checked_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_3a518dbaec8166c426f73c38e0b\" PRIMARY KEY (\"workspace_id\"))");
    await q.query("CREATE TABLE \"elevenlabs_usage_days\" (\"workspace_id\" uuid NOT NULL, \"day\" date NOT NULL, \"credits\" numeric(22,6) NOT NULL, \"synced_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_21bde71a155034dd5ed871165f1\" PRIMARY KEY (\"workspace_id\", \"day\"))");
    await q.query("ALTER TABLE \"elevenlabs_usage_access\" ADD CONSTRAINT \"FK_3a518dbaec8166c426f73c38e0b\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspaces\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"elevenlabs_usage_days\" ADD CONSTRAINT \"FK_53029b41c96acb90b518d9f01bd\" FOREIGN KEY (\"workspace_id\") REFERENCES \"workspaces\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"elevenlabs_usage_days\" DROP CONSTRAINT \"FK_53029b41c96acb90b518d9f01bd\"");
    await q.query("ALTER TABLE \"elevenlabs_usage_access\" DROP CONSTRAINT \"FK_3a518dbaec8166c426f73c38e0b\"");
    await q.query("DROP TABLE \"elevenlabs_usage_days\"");
    await q.query("DROP TABLE \"elevenlabs_usage_access\"");
    await q.query("DROP TYPE \"public\".\"elevenlabs_usage_access_status\"");
  }
}
