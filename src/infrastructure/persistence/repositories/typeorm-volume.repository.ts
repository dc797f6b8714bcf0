import type { EntityManager } from "typeorm";
import type { VolumeRepository } from "../../../application/ports/repositories.js";
import type { Volume } from "../../../domain/storage/volume.js";
import { VolumeMapper } from "../mappers/volume.mapper.js";
import { VolumeRecordSchema } from "../records/volume.record.js";
import { updateIfVersionMatches } from "./optimistic-update.js";
import { RecordTable } from "./record-table.js";

export class TypeOrmVolumeRepository implements VolumeRepository {
  constructor(private readonly manager: EntityManager) {}

  async findById(id: string): Promise<Volume | null> {
    const record = await RecordTable.of(this.manager, VolumeRecordSchema).findOne(this.manager, { id });
    return record === null ? null : VolumeMapper.toDomain(record);
  }

  async claimNames(projectId: string, names: readonly string[]): Promise<string[]> {
    const keys = [...new Set(names.map((name) => `volume-name:${projectId}:${name.toLowerCase()}`))].sort();
    // One advisory lock per name, taken in a fixed order so that two claims cannot deadlock.
    for (const key of keys) await this.manager.query("SELECT pg_advisory_xact_lock(hashtext($1))", [key]);
    const rows: { name: string }[] = await this.manager.query(
      "SELECT DISTINCT lower(name) AS name FROM volumes WHERE project_id = $1 AND NOT inactive AND lower(name) = ANY($2::text[])",
      [projectId, names.map((name) => name.toLowerCase())],
    );
    const taken = new Set(rows.map((row) => row.name));
    return names.filter((name) => taken.has(name.toLowerCase()));
  }

  async findActiveInConsistencyGroup(groupId: string): Promise<Volume[]> {
    const records = await this.manager.find(VolumeRecordSchema, {
      where: { consistencyGroupId: groupId, inactive: false },
      order: { creationTime: "ASC", id: "ASC" },
    });
    return records.map((record) => VolumeMapper.toDomain(record));
  }

  async add(volume: Volume): Promise<void> {
    await RecordTable.of(this.manager, VolumeRecordSchema).insert(this.manager, [VolumeMapper.toRecord(volume)]);
  }

  async save(volume: Volume): Promise<void> {
    await updateIfVersionMatches(this.manager, VolumeRecordSchema, VolumeMapper.toRecord(volume), "Volume");
  }
}
