import type { MigrationInterface, QueryRunner } from "typeorm";

/*
 * Block consistency groups, the group a volume was made in, and whether a virtual pool's volumes
 * may be made in one (`multi_volume_consistency`). An active group's name is
 * unique in the whole controller, whatever the case (the real controller checks it over all
 * groups); `system_consistency_groups` holds `[{ storageSystemId, groupName }]`, the group made
 * on each array.
 */
const UP = `
CREATE TABLE consistency_groups (
  id text PRIMARY KEY,
  name text NOT NULL,
  project_id text NOT NULL,
  tenant_id text NOT NULL,
  array_consistency boolean NOT NULL,
  storage_system_id text,
  requested_types text[] NOT NULL DEFAULT '{}',
  types text[] NOT NULL DEFAULT '{}',
  system_consistency_groups jsonb NOT NULL DEFAULT '[]',
  version integer NOT NULL,
  inactive boolean NOT NULL,
  creation_time bigint NOT NULL
);
CREATE UNIQUE INDEX consistency_groups_active_name_idx ON consistency_groups (lower(name)) WHERE NOT inactive;
CREATE INDEX consistency_groups_project_id_idx ON consistency_groups (project_id);

ALTER TABLE volumes ADD COLUMN consistency_group_id text;
CREATE INDEX volumes_active_consistency_group_idx ON volumes (consistency_group_id)
  WHERE NOT inactive AND consistency_group_id IS NOT NULL;

ALTER TABLE vpools ADD COLUMN multi_volume_consistency boolean NOT NULL DEFAULT false;
`;

const DOWN = `
ALTER TABLE vpools DROP COLUMN multi_volume_consistency;
DROP INDEX volumes_active_consistency_group_idx;
ALTER TABLE volumes DROP COLUMN consistency_group_id;
DROP TABLE consistency_groups;
`;

export class ConsistencyGroups1796486400000 implements MigrationInterface {
  readonly name = "ConsistencyGroups1796486400000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}
