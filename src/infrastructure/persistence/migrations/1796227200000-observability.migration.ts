import type { MigrationInterface, QueryRunner } from "typeorm";

/*
 * What `/metrics` reads of the workers' doing. Workers and API are separate processes (and
 * there may be many workers), so these figures are recorded by the database itself, in the
 * transaction that makes them true: exactly once however many workers run, whichever of
 * them settles a task or records a copy's progress, kept across restarts, and never counted
 * for a transaction that rolls back. A scrape then reads a few small rows.
 *
 * - `link_duration_buckets`: a histogram of link-targets tasks, from the task's start to
 *   `ready` or `error`, by copy mode and outcome. One row per bucket, non-cumulative (an
 *   observation bumps one row); `le` is the bucket's upper bound in seconds, the rows seeded
 *   here are the buckets.
 * - `copied_bytes`: bytes copied by copy-mode links, by array family, a counter that only
 *   grows: each rise of a target's copied percentage adds its share of the target's capacity.
 *   Spread over 16 rows per family (by target) so that concurrent copies do not queue on one
 *   row lock.
 * - `tasks_state_idx`: the task-state gauge counts from this index, not from the table.
 */
const LINK_TASK_NAME = "LINK SNAPSHOT SESSION TARGETS";

const CREATE = `
CREATE INDEX tasks_state_idx ON tasks (state) WHERE NOT inactive;

CREATE TABLE link_duration_buckets (
  copy_mode    text NOT NULL CHECK (copy_mode IN ('copy', 'nocopy')),
  outcome      text NOT NULL CHECK (outcome IN ('ready', 'error')),
  le           double precision NOT NULL,
  observations bigint NOT NULL DEFAULT 0,
  sum_seconds  double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (copy_mode, outcome, le)
);
INSERT INTO link_duration_buckets (copy_mode, outcome, le)
SELECT copy_mode, outcome, le
FROM unnest(ARRAY['copy', 'nocopy']) AS copy_mode,
     unnest(ARRAY['ready', 'error']) AS outcome,
     unnest(ARRAY[0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 'Infinity']::double precision[]) AS le;

CREATE FUNCTION observe_link_duration() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  mode text;
  seconds double precision := GREATEST(COALESCE(NEW.end_time, NEW.start_time) - NEW.start_time, 0) / 1000.0;
BEGIN
  SELECT copy_mode INTO mode FROM linked_targets WHERE link_task_id = NEW.id LIMIT 1;
  IF mode IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE link_duration_buckets
     SET observations = observations + 1, sum_seconds = sum_seconds + seconds
   WHERE copy_mode = mode AND outcome = NEW.state
     AND le = (SELECT min(le) FROM link_duration_buckets
                WHERE copy_mode = mode AND outcome = NEW.state AND le >= seconds);
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_observe_link_duration AFTER UPDATE ON tasks FOR EACH ROW
  WHEN (NEW.name = '${LINK_TASK_NAME}' AND NEW.state IN ('ready', 'error') AND OLD.state NOT IN ('ready', 'error'))
  EXECUTE FUNCTION observe_link_duration();

CREATE TABLE copied_bytes (
  family text NOT NULL,
  shard  smallint NOT NULL,
  bytes  bigint NOT NULL,
  PRIMARY KEY (family, shard)
);

CREATE FUNCTION count_copied_bytes() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  -- The difference of the two shares, not the share of the difference: the rises of one copy
  -- add up to its capacity exactly.
  delta bigint := NEW.capacity_bytes * NEW.link_percent_copied / 100 - NEW.capacity_bytes * OLD.link_percent_copied / 100;
  array_family text;
BEGIN
  SELECT system_type INTO array_family FROM storage_systems WHERE id = NEW.storage_system_id;
  INSERT INTO copied_bytes (family, shard, bytes)
  VALUES (COALESCE(array_family, 'unknown'), hashtext(NEW.id) & 15, delta)
  ON CONFLICT (family, shard) DO UPDATE SET bytes = copied_bytes.bytes + EXCLUDED.bytes;
  RETURN NULL;
END $$;

CREATE TRIGGER linked_targets_count_copied_bytes AFTER UPDATE ON linked_targets FOR EACH ROW
  WHEN (NEW.copy_mode = 'copy' AND NEW.link_percent_copied > OLD.link_percent_copied)
  EXECUTE FUNCTION count_copied_bytes();
`;

const DROP = `
DROP TRIGGER linked_targets_count_copied_bytes ON linked_targets;
DROP FUNCTION count_copied_bytes();
DROP TABLE copied_bytes;
DROP TRIGGER tasks_observe_link_duration ON tasks;
DROP FUNCTION observe_link_duration();
DROP TABLE link_duration_buckets;
DROP INDEX tasks_state_idx;
`;

export class Observability1796227200000 implements MigrationInterface {
  readonly name = "Observability1796227200000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CREATE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DROP);
  }
}
