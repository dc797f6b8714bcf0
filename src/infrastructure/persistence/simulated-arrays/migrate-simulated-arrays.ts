import type { DataSource } from "typeorm";
import { applySchemaSteps, type SchemaStep } from "../schema-steps.js";

/** The schema of the simulated arrays' own tables; tests pass their own (`sim_<random>`). */
export const DEFAULT_SIMULATED_ARRAYS_SCHEMA = "sim";

/** Applied in order, each once; add new steps at the end, never edit an applied one. */
const STEPS: readonly SchemaStep[] = [
  {
    id: 1,
    name: "arrays, devices, snapshots, links, faults",
    sql: (s) => [
      `CREATE TABLE ${s}.arrays (
         array_id text PRIMARY KEY,
         device_counter bigint NOT NULL DEFAULT 0,
         snapshot_counter bigint NOT NULL DEFAULT 0
       )`,
      `CREATE TABLE ${s}.devices (
         array_id text NOT NULL REFERENCES ${s}.arrays (array_id),
         native_id text NOT NULL,
         wwn text NOT NULL,
         label text NOT NULL,
         pool_native_id text NOT NULL,
         capacity_bytes bigint NOT NULL CHECK (capacity_bytes >= 0),
         kind text NOT NULL CHECK (kind IN ('volume', 'snapshot-mount-point')),
         parent_native_id text,
         idempotency_key text,
         created_at bigint NOT NULL,
         PRIMARY KEY (array_id, native_id)
       )`,
      `CREATE UNIQUE INDEX devices_idempotency_key ON ${s}.devices (array_id, idempotency_key)
         WHERE idempotency_key IS NOT NULL`,
      `CREATE INDEX devices_parent ON ${s}.devices (array_id, parent_native_id) WHERE parent_native_id IS NOT NULL`,
      `CREATE TABLE ${s}.snapshots (
         array_id text NOT NULL,
         snap_id bigint NOT NULL,
         source_native_id text NOT NULL,
         name text NOT NULL,
         idempotency_key text,
         created_at bigint NOT NULL,
         PRIMARY KEY (array_id, snap_id),
         FOREIGN KEY (array_id, source_native_id) REFERENCES ${s}.devices (array_id, native_id)
       )`,
      `CREATE INDEX snapshots_source ON ${s}.snapshots (array_id, source_native_id)`,
      `CREATE UNIQUE INDEX snapshots_idempotency_key ON ${s}.snapshots (array_id, idempotency_key)
         WHERE idempotency_key IS NOT NULL`,
      `CREATE TABLE ${s}.links (
         array_id text NOT NULL,
         target_native_id text NOT NULL,
         snap_id bigint NOT NULL,
         source_native_id text NOT NULL,
         copy_mode text NOT NULL CHECK (copy_mode IN ('copy', 'nocopy')),
         started_at bigint NOT NULL,
         tracks bigint NOT NULL,
         define_duration_ms bigint NOT NULL,
         copy_started_at bigint,
         copy_duration_ms bigint NOT NULL,
         copy_destination_native_id text,
         PRIMARY KEY (array_id, target_native_id),
         FOREIGN KEY (array_id, target_native_id) REFERENCES ${s}.devices (array_id, native_id),
         FOREIGN KEY (array_id, snap_id) REFERENCES ${s}.snapshots (array_id, snap_id)
       )`,
      `CREATE INDEX links_source ON ${s}.links (array_id, source_native_id)`,
      `CREATE INDEX links_snapshot ON ${s}.links (array_id, snap_id)`,
      `CREATE TABLE ${s}.faults (
         id bigserial PRIMARY KEY,
         array_id text NOT NULL,
         operation text NOT NULL,
         remaining integer NOT NULL CHECK (remaining >= 0),
         total integer NOT NULL CHECK (total >= 1),
         message text NOT NULL,
         retryable boolean NOT NULL
       )`,
      `CREATE INDEX faults_pending ON ${s}.faults (array_id, operation, id) WHERE remaining > 0`,
    ],
  },
  {
    id: 2,
    name: "restore sessions",
    sql: (s) => [
      `ALTER TABLE ${s}.snapshots
         ADD COLUMN restore_started_at bigint,
         ADD COLUMN restore_duration_ms bigint,
         ADD COLUMN restore_tracks bigint`,
    ],
  },
  {
    id: 3,
    name: "volume data, relink copy passes, latency faults, stalls, clock setting",
    sql: (s) => [
      `ALTER TABLE ${s}.devices ADD COLUMN content text NOT NULL DEFAULT 'complete'
         CHECK (content IN ('complete', 'pointers-only', 'incomplete'))`,
      `ALTER TABLE ${s}.links ADD COLUMN copy_tracks bigint`,
      `UPDATE ${s}.links SET copy_tracks = tracks`,
      `ALTER TABLE ${s}.links ALTER COLUMN copy_tracks SET NOT NULL`,
      // Own tracks: trailing zeros trimmed, so storage follows the bytes written.
      `CREATE TABLE ${s}.device_tracks (
         array_id text NOT NULL,
         native_id text NOT NULL,
         track bigint NOT NULL,
         data bytea NOT NULL,
         PRIMARY KEY (array_id, native_id, track),
         FOREIGN KEY (array_id, native_id) REFERENCES ${s}.devices (array_id, native_id) ON DELETE CASCADE
       )`,
      `CREATE TABLE ${s}.preserved_tracks (
         array_id text NOT NULL,
         snap_id bigint NOT NULL,
         track bigint NOT NULL,
         data bytea,
         PRIMARY KEY (array_id, snap_id, track),
         FOREIGN KEY (array_id, snap_id) REFERENCES ${s}.snapshots (array_id, snap_id) ON DELETE CASCADE
       )`,
      `ALTER TABLE ${s}.faults
         ADD COLUMN latency_ms integer CHECK (latency_ms >= 0),
         ALTER COLUMN message DROP NOT NULL,
         ALTER COLUMN retryable DROP NOT NULL,
         ALTER COLUMN remaining DROP NOT NULL,
         ALTER COLUMN total DROP NOT NULL`,
      `CREATE TABLE ${s}.job_stalls (
         array_id text NOT NULL,
         job text NOT NULL CHECK (job IN ('define', 'copy', 'restore')),
         since bigint NOT NULL,
         PRIMARY KEY (array_id, job)
       )`,
      `CREATE TABLE ${s}.clock_setting (
         singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
         profile text,
         speed double precision CHECK (speed >= 0)
       )`,
    ],
  },
  {
    id: 4,
    name: "restores from linked targets",
    sql: (s) => [`ALTER TABLE ${s}.snapshots ADD COLUMN restore_from_native_id text`],
  },
  {
    id: 5,
    name: "replication groups",
    sql: (s) => [
      `CREATE TABLE ${s}.replication_groups (
         array_id text NOT NULL REFERENCES ${s}.arrays (array_id),
         name text NOT NULL,
         PRIMARY KEY (array_id, name)
       )`,
      // A device is in at most one group, and leaves it when deleted.
      `CREATE TABLE ${s}.replication_group_members (
         array_id text NOT NULL,
         native_id text NOT NULL,
         group_name text NOT NULL,
         PRIMARY KEY (array_id, native_id),
         FOREIGN KEY (array_id, native_id) REFERENCES ${s}.devices (array_id, native_id) ON DELETE CASCADE,
         FOREIGN KEY (array_id, group_name) REFERENCES ${s}.replication_groups (array_id, name)
       )`,
    ],
  },
];

/** Creates or updates the simulated arrays' schema (default `sim`); see {@link applySchemaSteps}. */
export async function migrateSimulatedArrays(dataSource: DataSource, options: { schema?: string } = {}): Promise<void> {
  await applySchemaSteps(dataSource, options.schema ?? DEFAULT_SIMULATED_ARRAYS_SCHEMA, STEPS);
}
