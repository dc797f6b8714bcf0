import type { MigrationInterface, QueryRunner } from "typeorm";

/*
 * `workflow_runs`: every accepted workflow start, kept (unlike its outbox row, which leaves on
 * delivery) until its task is finished, so that a task whose jobs were lost can be found and
 * its workflow launched again. `launches` counts the deliveries and re-launches.
 */
const CREATE = `
CREATE TABLE workflow_runs (
  id          bigserial PRIMARY KEY,
  task_id     text NOT NULL,
  start       jsonb NOT NULL,
  launched_at timestamptz NOT NULL DEFAULT now(),
  launches    integer NOT NULL DEFAULT 1
);
CREATE INDEX workflow_runs_task_id_idx ON workflow_runs (task_id);
`;

export class WorkflowRuns1795881600000 implements MigrationInterface {
  readonly name = "WorkflowRuns1795881600000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CREATE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE workflow_runs");
  }
}
