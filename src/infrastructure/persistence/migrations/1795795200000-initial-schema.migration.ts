import type { MigrationInterface, QueryRunner } from "typeorm";

/*
 * The first schema. Conventions: ids are URN text primary keys; aggregate tables carry
 * `version` (bumped only by optimistic updates), `inactive` and `creation_time` (epoch ms,
 * bigint). Foreign keys are DEFERRABLE INITIALLY DEFERRED so that a transaction may insert
 * rows in any order; they are checked at commit. Table names are unqualified: the
 * connection's search_path picks the schema.
 */
const CREATE = `
CREATE TABLE tenants (
  id               text PRIMARY KEY,
  name             text NOT NULL,
  parent_tenant_id text REFERENCES tenants (id) DEFERRABLE INITIALLY DEFERRED,
  version          integer NOT NULL DEFAULT 0,
  inactive         boolean NOT NULL DEFAULT false,
  creation_time    bigint NOT NULL
);

CREATE TABLE users (
  name          text PRIMARY KEY,
  password_hash text NOT NULL,
  tenant_id     text NOT NULL REFERENCES tenants (id) DEFERRABLE INITIALLY DEFERRED,
  vdc_roles     text[] NOT NULL DEFAULT '{}',
  tenant_roles  jsonb NOT NULL DEFAULT '{}',
  version       integer NOT NULL DEFAULT 0,
  inactive      boolean NOT NULL DEFAULT false,
  creation_time bigint NOT NULL
);

CREATE TABLE auth_tokens (
  token_hash   text PRIMARY KEY,
  user_name    text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  created_at   bigint NOT NULL,
  last_used_at bigint NOT NULL,
  expires_at   bigint NOT NULL
);
CREATE INDEX auth_tokens_user_name_idx ON auth_tokens (user_name);
CREATE INDEX auth_tokens_expires_at_idx ON auth_tokens (expires_at);

CREATE TABLE projects (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  tenant_id     text NOT NULL REFERENCES tenants (id) DEFERRABLE INITIALLY DEFERRED,
  owner         text NOT NULL,
  acls          jsonb NOT NULL DEFAULT '[]',
  version       integer NOT NULL DEFAULT 0,
  inactive      boolean NOT NULL DEFAULT false,
  creation_time bigint NOT NULL
);
CREATE UNIQUE INDEX projects_active_name_idx ON projects (tenant_id, lower(name)) WHERE NOT inactive;

CREATE TABLE storage_systems (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  system_type   text NOT NULL,
  native_id     text NOT NULL,
  settings      jsonb NOT NULL DEFAULT '{}',
  version       integer NOT NULL DEFAULT 0,
  inactive      boolean NOT NULL DEFAULT false,
  creation_time bigint NOT NULL
);
CREATE INDEX storage_systems_system_type_idx ON storage_systems (system_type) WHERE NOT inactive;

CREATE TABLE storage_pools (
  id                text PRIMARY KEY,
  name              text NOT NULL,
  storage_system_id text NOT NULL REFERENCES storage_systems (id) DEFERRABLE INITIALLY DEFERRED,
  native_id         text NOT NULL,
  varray_ids        text[] NOT NULL DEFAULT '{}',
  version           integer NOT NULL DEFAULT 0,
  inactive          boolean NOT NULL DEFAULT false,
  creation_time     bigint NOT NULL
);
CREATE INDEX storage_pools_storage_system_id_idx ON storage_pools (storage_system_id);

CREATE TABLE varrays (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  version       integer NOT NULL DEFAULT 0,
  inactive      boolean NOT NULL DEFAULT false,
  creation_time bigint NOT NULL
);

CREATE TABLE vpools (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  system_type   text NOT NULL,
  varray_ids    text[] NOT NULL DEFAULT '{}',
  max_snapshots integer NOT NULL,
  version       integer NOT NULL DEFAULT 0,
  inactive      boolean NOT NULL DEFAULT false,
  creation_time bigint NOT NULL
);

CREATE TABLE volumes (
  id                text PRIMARY KEY,
  name              text NOT NULL,
  project_id        text NOT NULL REFERENCES projects (id) DEFERRABLE INITIALLY DEFERRED,
  tenant_id         text NOT NULL REFERENCES tenants (id) DEFERRABLE INITIALLY DEFERRED,
  storage_system_id text NOT NULL REFERENCES storage_systems (id) DEFERRABLE INITIALLY DEFERRED,
  storage_pool_id   text NOT NULL REFERENCES storage_pools (id) DEFERRABLE INITIALLY DEFERRED,
  varray_id         text NOT NULL REFERENCES varrays (id) DEFERRABLE INITIALLY DEFERRED,
  vpool_id          text NOT NULL REFERENCES vpools (id) DEFERRABLE INITIALLY DEFERRED,
  capacity_bytes    bigint NOT NULL CHECK (capacity_bytes > 0),
  native_id         text,
  wwn               text,
  device_label      text,
  version           integer NOT NULL DEFAULT 0,
  inactive          boolean NOT NULL DEFAULT false,
  creation_time     bigint NOT NULL
);
CREATE INDEX volumes_project_name_idx ON volumes (project_id, name) WHERE NOT inactive;

CREATE TABLE snapshot_sessions (
  id                text PRIMARY KEY,
  label             text NOT NULL,
  source_volume_id  text NOT NULL REFERENCES volumes (id) DEFERRABLE INITIALLY DEFERRED,
  project_id        text NOT NULL,
  tenant_id         text NOT NULL,
  storage_system_id text NOT NULL,
  storage_pool_id   text NOT NULL,
  varray_id         text NOT NULL,
  capacity_bytes    bigint NOT NULL,
  native_id         text,
  device_label      text,
  version           integer NOT NULL DEFAULT 0,
  inactive          boolean NOT NULL DEFAULT false,
  creation_time     bigint NOT NULL
);
CREATE INDEX snapshot_sessions_source_volume_id_idx ON snapshot_sessions (source_volume_id) WHERE NOT inactive;

CREATE TABLE linked_targets (
  id                  text PRIMARY KEY,
  label               text NOT NULL,
  session_id          text NOT NULL REFERENCES snapshot_sessions (id) DEFERRABLE INITIALLY DEFERRED,
  source_volume_id    text NOT NULL REFERENCES volumes (id) DEFERRABLE INITIALLY DEFERRED,
  project_id          text NOT NULL,
  tenant_id           text NOT NULL,
  storage_system_id   text NOT NULL,
  storage_pool_id     text NOT NULL,
  varray_id           text NOT NULL,
  capacity_bytes      bigint NOT NULL,
  copy_mode           text NOT NULL CHECK (copy_mode IN ('copy', 'nocopy')),
  link_task_id        text NOT NULL,
  replica_state       text NOT NULL CHECK (replica_state IN ('PREPARED', 'SYNCHRONIZED')),
  native_id           text,
  wwn                 text,
  device_label        text,
  link_state          text NOT NULL,
  link_native_state   text NOT NULL,
  link_defined        boolean NOT NULL,
  link_percent_copied integer NOT NULL,
  failure             jsonb,
  version             integer NOT NULL DEFAULT 0,
  inactive            boolean NOT NULL DEFAULT false,
  creation_time       bigint NOT NULL
);
CREATE INDEX linked_targets_source_volume_id_idx ON linked_targets (source_volume_id) WHERE NOT inactive;
CREATE INDEX linked_targets_session_id_idx ON linked_targets (session_id) WHERE NOT inactive;
CREATE INDEX linked_targets_link_task_id_idx ON linked_targets (link_task_id);

CREATE TABLE tasks (
  id                text PRIMARY KEY,
  op_id             text NOT NULL,
  name              text NOT NULL,
  description       text NOT NULL,
  resource_type     text NOT NULL,
  resource_id       text NOT NULL,
  resource_name     text NOT NULL,
  tenant_id         text NOT NULL,
  associated        jsonb NOT NULL DEFAULT '[]',
  state             text NOT NULL CHECK (state IN ('queued', 'pending', 'ready', 'error')),
  message           text NOT NULL,
  progress          integer NOT NULL,
  service_error     jsonb,
  start_time        bigint NOT NULL,
  end_time          bigint,
  queued_start_time bigint,
  version           integer NOT NULL DEFAULT 0,
  inactive          boolean NOT NULL DEFAULT false,
  creation_time     bigint NOT NULL
);
CREATE INDEX tasks_resource_op_idx ON tasks (resource_id, op_id);
CREATE INDEX tasks_tenant_start_time_idx ON tasks (tenant_id, start_time DESC);

CREATE TABLE outbox (
  id         bigserial PRIMARY KEY,
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`;

const DROP = `
DROP TABLE outbox;
DROP TABLE tasks;
DROP TABLE linked_targets;
DROP TABLE snapshot_sessions;
DROP TABLE volumes;
DROP TABLE vpools;
DROP TABLE varrays;
DROP TABLE storage_pools;
DROP TABLE storage_systems;
DROP TABLE projects;
DROP TABLE auth_tokens;
DROP TABLE users;
DROP TABLE tenants;
`;

export class InitialSchema1795795200000 implements MigrationInterface {
  readonly name = "InitialSchema1795795200000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CREATE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DROP);
  }
}
