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

  async add(volume: Volume): Promise<void> {
    await RecordTable.of(this.manager, VolumeRecordSchema).insert(this.manager, [VolumeMapper.toRecord(volume)]);
  }

  async save(volume: Volume): Promise<void> {
    await updateIfVersionMatches(this.manager, VolumeRecordSchema, VolumeMapper.toRecord(volume), "Volume");
  }
}
