import type { MigrationInterface, QueryRunner } from "typeorm";

/*
 * `outbox.due_at`: when the relay may take the row. A process that launches a workflow itself
 * right after commit writes its row due a short grace later, and deletes it once launched; the
 * relay takes only rows that are due, so it delivers what such a launch left undone (a crash
 * between commit and launch, a queue away) and does not race the launch. Rows written before
 * are due at once.
 */
export class OutboxDueAt1796400000000 implements MigrationInterface {
  readonly name = "OutboxDueAt1796400000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE outbox ADD COLUMN due_at timestamptz NOT NULL DEFAULT now()");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE outbox DROP COLUMN due_at");
  }
}
