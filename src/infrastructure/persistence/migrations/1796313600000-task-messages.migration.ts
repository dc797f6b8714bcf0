import type { MigrationInterface, QueryRunner } from "typeorm";

/*
 * Tasks as the real controller words them (docs/api/conventions.md, "Tasks"): a task has no
 * `message` while it is queued or running (the column becomes nullable, and the texts earlier
 * versions wrote for those states are cleared), and each operation's `description` is the
 * controller's own. Finished tasks keep their message: the completion text, or the error's details.
 */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  "CREATE VOLUME": "create volume operation",
  "DELETE VOLUME": "delete operation",
  "CREATE SNAPSHOT SESSION": "create a snapshot session",
  "RELINK SNAPSHOT SESSION TARGETS": "re-links target volumes to a snapshot session",
  "RESTORE SNAPSHOT SESSION": "restore source from snapshot session",
  "DELETE SNAPSHOT SESSION": "delete snapshot session",
};

export class TaskMessages1796313600000 implements MigrationInterface {
  readonly name = "TaskMessages1796313600000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE tasks ALTER COLUMN message DROP NOT NULL");
    await queryRunner.query("UPDATE tasks SET message = NULL WHERE state IN ('queued', 'pending')");
    for (const [name, description] of Object.entries(DESCRIPTIONS)) {
      await queryRunner.query("UPDATE tasks SET description = $2 WHERE name = $1", [name, description]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("UPDATE tasks SET message = '' WHERE message IS NULL");
    await queryRunner.query("ALTER TABLE tasks ALTER COLUMN message SET NOT NULL");
  }
}
