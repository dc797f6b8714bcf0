import type { MigrationInterface, QueryRunner } from "typeorm";

/*
 * `session_operations`: the per-session queue of operations that change a snapshot session
 * (docs/api/snapshot-sessions.md, "One operation at a time"). A row lives from the request's
 * acceptance until its task is settled: `running` (its workflow started) or `queued` with the
 * workflow start to launch when its turn comes; `seq` orders the queue. The two partial indexes
 * find the queued or pending tasks of a resource (deactivate refuses while its session has one,
 * a creation or a restore while the source volume has one).
 */
const CREATE = `
CREATE TABLE session_operations (
  task_id    text PRIMARY KEY,
  session_id text NOT NULL REFERENCES snapshot_sessions (id) DEFERRABLE INITIALLY DEFERRED,
  seq        bigserial NOT NULL,
  state      text NOT NULL CHECK (state IN ('queued', 'running')),
  start      jsonb,
  CHECK (state = 'running' OR start IS NOT NULL)
);
CREATE INDEX session_operations_session_seq_idx ON session_operations (session_id, seq);

CREATE INDEX tasks_unfinished_resource_idx ON tasks (resource_id) WHERE state IN ('queued', 'pending');
CREATE INDEX tasks_unfinished_associated_idx ON tasks USING gin (associated jsonb_path_ops)
  WHERE state IN ('queued', 'pending');
`;

const DROP = `
DROP INDEX tasks_unfinished_associated_idx;
DROP INDEX tasks_unfinished_resource_idx;
DROP TABLE session_operations;
`;

export class SessionOperations1795968000000 implements MigrationInterface {
  readonly name = "SessionOperations1795968000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CREATE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DROP);
  }
}
