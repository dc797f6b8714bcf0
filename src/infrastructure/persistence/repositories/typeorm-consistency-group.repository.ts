import type { EntityManager } from "typeorm";
import type { ConsistencyGroupRepository } from "../../../application/ports/repositories.js";
import type { BlockConsistencyGroup } from "../../../domain/consistency-groups/block-consistency-group.js";
import { ConsistencyGroupMapper } from "../mappers/consistency-group.mapper.js";
import { ConsistencyGroupRecordSchema } from "../records/consistency-group.record.js";
import { updateIfVersionMatches } from "./optimistic-update.js";
import { RecordTable } from "./record-table.js";

export class TypeOrmConsistencyGroupRepository implements ConsistencyGroupRepository {
  constructor(private readonly manager: EntityManager) {}

  async findById(id: string): Promise<BlockConsistencyGroup | null> {
    const record = await RecordTable.of(this.manager, ConsistencyGroupRecordSchema).findOne(this.manager, { id });
    return record === null ? null : ConsistencyGroupMapper.toDomain(record);
  }

  async findLocked(id: string, mode: "share" | "update"): Promise<BlockConsistencyGroup | null> {
    const rows: { id: string }[] = await this.manager.query(
      `SELECT id FROM consistency_groups WHERE id = $1 ${mode === "share" ? "FOR SHARE" : "FOR UPDATE"}`,
      [id],
    );
    return rows.length === 0 ? null : this.findById(id);
  }

  async claimName(name: string): Promise<boolean> {
    await this.manager.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `consistency-group-name:${name.toLowerCase()}`,
    ]);
    const rows: unknown[] = await this.manager.query(
      "SELECT 1 FROM consistency_groups WHERE lower(name) = lower($1) AND NOT inactive LIMIT 1",
      [name],
    );
    return rows.length > 0;
  }

  async countActiveVolumes(groupId: string): Promise<number> {
    const rows: { count: string }[] = await this.manager.query(
      "SELECT count(*) AS count FROM volumes WHERE consistency_group_id = $1 AND NOT inactive",
      [groupId],
    );
    return Number(rows[0]?.count ?? 0);
  }

  /** Active group names are unique (case-insensitively): a duplicate fails the insert. */
  async add(group: BlockConsistencyGroup): Promise<void> {
    await RecordTable.of(this.manager, ConsistencyGroupRecordSchema).insert(this.manager, [
      ConsistencyGroupMapper.toRecord(group),
    ]);
  }

  async save(group: BlockConsistencyGroup): Promise<void> {
    await updateIfVersionMatches(
      this.manager,
      ConsistencyGroupRecordSchema,
      ConsistencyGroupMapper.toRecord(group),
      "BlockConsistencyGroup",
    );
  }
}
