import type { EntityManager } from "typeorm";
import type { LinkedTargetRepository, LinkTaskTally } from "../../../application/ports/repositories.js";
import type { LinkedTarget } from "../../../domain/snapshots/linked-target.js";
import { LinkedTargetMapper } from "../mappers/linked-target.mapper.js";
import { LinkedTargetRecordSchema } from "../records/linked-target.record.js";
import { updateIfVersionMatches } from "./optimistic-update.js";
import { RecordTable } from "./record-table.js";

/** Rows per INSERT: 24 columns × 1000 rows stays well under Postgres' 65535 parameters. */
const INSERT_BATCH = 1000;

export class TypeOrmLinkedTargetRepository implements LinkedTargetRepository {
  constructor(private readonly manager: EntityManager) {}

  private get table() {
    return RecordTable.of(this.manager, LinkedTargetRecordSchema);
  }

  async findById(id: string): Promise<LinkedTarget | null> {
    const record = await this.table.findOne(this.manager, { id });
    return record === null ? null : LinkedTargetMapper.toDomain(record);
  }

  async findByIds(ids: readonly string[]): Promise<LinkedTarget[]> {
    const records = await this.table.findByIds(this.manager, ids);
    return records.map((record) => LinkedTargetMapper.toDomain(record));
  }

  /** Ordered by creation time, then id. */
  async findByLinkTask(taskId: string): Promise<LinkedTarget[]> {
    const records = await this.table.findMany(this.manager, { linkTaskId: taskId }, ["creationTime", "id"]);
    return records.map((record) => LinkedTargetMapper.toDomain(record));
  }

  async findActiveBySession(sessionId: string): Promise<LinkedTarget[]> {
    const records = await this.table.findMany(this.manager, { sessionId, inactive: false }, ["creationTime", "id"]);
    return records.map((record) => LinkedTargetMapper.toDomain(record));
  }

  async tallyLinkTask(taskId: string): Promise<LinkTaskTally> {
    const [row]: { targets: number; synchronized: number; copying: number }[] = await this.manager.query(
      `SELECT count(*)::int AS targets,
              count(*) FILTER (WHERE replica_state = 'SYNCHRONIZED')::int AS synchronized,
              COALESCE(sum(link_percent_copied) FILTER (WHERE replica_state <> 'SYNCHRONIZED' AND copy_mode = 'copy'), 0)::int AS copying
       FROM linked_targets WHERE link_task_id = $1`,
      [taskId],
    );
    return { targets: row?.targets ?? 0, synchronized: row?.synchronized ?? 0, copyingPercentSum: row?.copying ?? 0 };
  }

  async addAll(targets: readonly LinkedTarget[]): Promise<void> {
    for (let start = 0; start < targets.length; start += INSERT_BATCH) {
      const batch = targets.slice(start, start + INSERT_BATCH).map((target) => LinkedTargetMapper.toRecord(target));
      await this.table.insert(this.manager, batch);
    }
  }

  async save(target: LinkedTarget): Promise<void> {
    await updateIfVersionMatches(
      this.manager,
      LinkedTargetRecordSchema,
      LinkedTargetMapper.toRecord(target),
      "BlockSnapshot",
    );
  }

  async saveAll(targets: readonly LinkedTarget[]): Promise<void> {
    if (targets.length === 1 && targets[0]) return this.save(targets[0]);
    for (let start = 0; start < targets.length; start += INSERT_BATCH) {
      const batch = targets.slice(start, start + INSERT_BATCH).map((target) => LinkedTargetMapper.toRecord(target));
      await this.table.updateAllIfVersionsMatch(this.manager, batch, "BlockSnapshot");
    }
  }
}
