import type { EntityManager } from "typeorm";
import type { VolumeRepository } from "../../../application/ports/repositories.js";
import type { Volume } from "../../../domain/storage/volume.js";
import { VolumeMapper } from "../mappers/volume.mapper.js";
import { VolumeRecordSchema } from "../records/volume.record.js";
import { updateIfVersionMatches } from "./optimistic-update.js";

export class TypeOrmVolumeRepository implements VolumeRepository {
  constructor(private readonly manager: EntityManager) {}

  async findById(id: string): Promise<Volume | null> {
    const record = await this.manager.findOneBy(VolumeRecordSchema, { id });
    return record === null ? null : VolumeMapper.toDomain(record);
  }

  async add(volume: Volume): Promise<void> {
    await this.manager.insert(VolumeRecordSchema, VolumeMapper.toRecord(volume));
  }

  async save(volume: Volume): Promise<void> {
    await updateIfVersionMatches(this.manager, VolumeRecordSchema, VolumeMapper.toRecord(volume), "Volume");
  }
}
