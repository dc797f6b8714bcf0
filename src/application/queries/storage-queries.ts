import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { ReadModel, StoragePoolView, StorageSystemView, VarrayView, VpoolView } from "../ports/read-model.js";
import { requireUrn } from "../shared/resource-access.js";

/** The physical and virtual storage configuration: readable by every authenticated user. */
export class StorageQueries {
  constructor(private readonly readModel: ReadModel) {}

  storageSystems(): Promise<StorageSystemView[]> {
    return this.readModel.storageSystems();
  }

  async storageSystem(id: string): Promise<StorageSystemView> {
    requireUrn(id);
    const system = await this.readModel.storageSystem(id);
    if (!system) throw ViprErrors.unableToFindEntityInURL(id);
    return system;
  }

  async storagePools(storageSystemId: string): Promise<StoragePoolView[]> {
    await this.storageSystem(storageSystemId);
    return this.readModel.storagePoolsOf(storageSystemId);
  }

  varrays(): Promise<VarrayView[]> {
    return this.readModel.varrays();
  }

  /** Virtual arrays are few: found among them all rather than by a query of their own. */
  async varray(id: string): Promise<VarrayView> {
    requireUrn(id);
    const varray = (await this.readModel.varrays()).find((candidate) => candidate.id === id);
    if (!varray) throw ViprErrors.unableToFindEntityInURL(id);
    return varray;
  }

  vpools(): Promise<VpoolView[]> {
    return this.readModel.vpools();
  }

  async vpool(id: string): Promise<VpoolView> {
    requireUrn(id);
    const vpool = await this.readModel.vpool(id);
    if (!vpool) throw ViprErrors.unableToFindEntityInURL(id);
    return vpool;
  }
}
