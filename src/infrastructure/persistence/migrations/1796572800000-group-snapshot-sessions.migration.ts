import type { MigrationInterface, QueryRunner } from "typeorm";

/*
 * Snapshot sessions of consistency groups. A group session's row holds its group and its
 * members, `[{ volumeId, projectId, tenantId, storageSystemId, storagePoolId, varrayId,
 * capacityBytes, nativeId, deviceLabel }]` (each member's array snapshot null until
 * established); its source columns are its first member's. A target's `snapset_label` names the
 * set a group link made it in (null: the target's own label).
 */
const UP = `
ALTER TABLE snapshot_sessions ADD COLUMN consistency_group_id text;
ALTER TABLE snapshot_sessions ADD COLUMN members jsonb;
CREATE INDEX snapshot_sessions_consistency_group_idx ON snapshot_sessions (consistency_group_id)
  WHERE consistency_group_id IS NOT NULL;
CREATE INDEX snapshot_sessions_members_idx ON snapshot_sessions USING gin (members jsonb_path_ops)
  WHERE members IS NOT NULL;
ALTER TABLE linked_targets ADD COLUMN snapset_label text;
`;

const DOWN = `
ALTER TABLE linked_targets DROP COLUMN snapset_label;
DROP INDEX snapshot_sessions_members_idx;
DROP INDEX snapshot_sessions_consistency_group_idx;
ALTER TABLE snapshot_sessions DROP COLUMN members;
ALTER TABLE snapshot_sessions DROP COLUMN consistency_group_id;
`;

export class GroupSnapshotSessions1796572800000 implements MigrationInterface {
  readonly name = "GroupSnapshotSessions1796572800000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}
