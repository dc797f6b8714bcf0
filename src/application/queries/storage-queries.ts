import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { ReadModel, StoragePoolView, StorageSystemView, VarrayView, VpoolView } from "../ports/read-model.js";
import { requireUrn } from "../shared/resource-access.js";
import { matchesNamePrefix, readZoneResourceSearch, type SearchParameters } from "./zone-resource-search.js";

/** The real controller's class of virtual pools, which its search messages name. */
const VIRTUAL_POOL_CLASS = "com.emc.storageos.db.client.model.VirtualPool";

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

  /**
   * `GET /block/vpools/search?name=`: the virtual pools whose name starts with `name`, case
   * aside. Virtual pools have no tags here, so a search by `tag` finds none.
   */
  async searchVpools(parameters: SearchParameters): Promise<VpoolView[]> {
    const search = readZoneResourceSearch(VIRTUAL_POOL_CLASS, parameters);
    if (search.by === "tag") return [];
    return (await this.readModel.vpools()).filter((vpool) => matchesNamePrefix(vpool.name, search.prefix));
  }

  async vpool(id: string): Promise<VpoolView> {
    requireUrn(id);
    const vpool = await this.readModel.vpool(id);
    if (!vpool) throw ViprErrors.unableToFindEntityInURL(id);
    return vpool;
  }
}
