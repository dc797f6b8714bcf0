import type {
  NewStorageSystem,
  NewVirtualArray,
  NewVirtualPool,
  StorageAddition,
  StorageConfiguration,
} from "../../../src/application/ports/storage-configuration.js";
import type { InMemoryStore } from "./in-memory-store.js";

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The storage configuration's additions, written into the in-memory store. */
export class InMemoryStorageConfiguration implements StorageConfiguration {
  constructor(private readonly store: InMemoryStore) {}

  async addStorageSystem(system: NewStorageSystem): Promise<StorageAddition> {
    const existing = [...this.store.storageSystems.values()];
    if (existing.some((other) => sameName(other.name, system.name))) return "name-taken";
    if (existing.some((other) => other.nativeId === system.nativeId)) return "serial-taken";
    const { pool, varrayIds, ...record } = system;
    this.store.storageSystems.set(system.id, record);
    this.store.storagePools.set(pool.id, {
      ...pool,
      storageSystemId: system.id,
      varrayIds,
      creationTime: system.creationTime,
    });
    return "added";
  }

  async addVirtualArray(varray: NewVirtualArray): Promise<StorageAddition> {
    if ([...this.store.varrays.values()].some((other) => sameName(other.name, varray.name))) return "name-taken";
    this.store.varrays.set(varray.id, varray);
    return "added";
  }

  async addVirtualPool(vpool: NewVirtualPool): Promise<StorageAddition> {
    if ([...this.store.vpools.values()].some((other) => sameName(other.name, vpool.name))) return "name-taken";
    this.store.vpools.set(vpool.id, vpool);
    return "added";
  }
}
