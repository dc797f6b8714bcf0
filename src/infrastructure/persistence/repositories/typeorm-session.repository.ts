import type { EntityManager } from "typeorm";
import type { SessionRepository } from "../../../application/ports/repositories.js";
import type { BlockSnapshotSession } from "../../../domain/snapshots/block-snapshot-session.js";
import { SessionMapper } from "../mappers/session.mapper.js";
import { SessionRecordSchema } from "../records/snapshot-session.record.js";
import { updateIfVersionMatches } from "./optimistic-update.js";
import { RecordTable } from "./record-table.js";

export class TypeOrmSessionRepository implements SessionRepository {
  constructor(private readonly manager: EntityManager) {}

  async findById(id: string): Promise<BlockSnapshotSession | null> {
    const record = await RecordTable.of(this.manager, SessionRecordSchema).findOne(this.manager, { id });
    return record === null ? null : SessionMapper.toDomain(record);
  }

  async add(session: BlockSnapshotSession): Promise<void> {
    await RecordTable.of(this.manager, SessionRecordSchema).insert(this.manager, [SessionMapper.toRecord(session)]);
  }

  async save(session: BlockSnapshotSession): Promise<void> {
    await updateIfVersionMatches(
      this.manager,
      SessionRecordSchema,
      SessionMapper.toRecord(session),
      "BlockSnapshotSession",
    );
  }
}
