import type { DeviceLocator } from "../../application/ports/device-locator.js";
import type { StorageSystemRecord } from "../../application/ports/storage-catalog.js";
import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isUrnOfType } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type {
  SimArrayView,
  SimClockView,
  SimFaultRequest,
  SimFaultsView,
  SimulatedArrays,
} from "./simulated-arrays.js";

/**
 * The simulator's own API (`/sim`, docs/api/sim.md) in the controller's ids: storage systems by
 * their URN, volume content by the URN of a volume or a linked target. Refusals are
 * {@link ServiceError}s: a malformed id 400/1002, an unknown one 404/2000, an inactive one
 * 404/2001.
 */
export class SimulatorApi {
  constructor(
    private readonly arrays: SimulatedArrays,
    private readonly locator: DeviceLocator,
  ) {}

  async storageSystem(id: string): Promise<{ system: StorageSystemRecord; view: SimArrayView }> {
    const system = await this.system(id);
    return { system, view: await this.arrays.view(system) };
  }

  async writeData(volumeId: string, offset: number, bytes: Uint8Array): Promise<void> {
    const { system, nativeId } = await this.device(volumeId);
    await this.arrays.write(system, nativeId, offset, bytes);
  }

  async readData(volumeId: string, offset: number, length: number): Promise<Uint8Array> {
    const { system, nativeId } = await this.device(volumeId);
    return this.arrays.read(system, nativeId, offset, length);
  }

  async digest(volumeId: string): Promise<{ sha256: string; fullCopy: boolean }> {
    const { system, nativeId } = await this.device(volumeId);
    return this.arrays.digest(system, nativeId);
  }

  async injectFault(systemId: string, request: SimFaultRequest): Promise<SimFaultsView> {
    return this.arrays.injectFault(await this.system(systemId), request);
  }

  async clearFaults(systemId: string): Promise<void> {
    await this.arrays.clearFaults(await this.system(systemId));
  }

  clock(): Promise<SimClockView> {
    return this.arrays.clockView();
  }

  setClock(request: { profile?: string; speed?: number }): Promise<SimClockView> {
    return this.arrays.setClock(request);
  }

  private async system(id: string): Promise<StorageSystemRecord> {
    if (!isUrnOfType(id, "StorageSystem")) throw ViprErrors.invalidUri(id);
    const system = await this.locator.storageSystem(id);
    if (!system) throw ViprErrors.unableToFindEntityInURL(id);
    return system;
  }

  private async device(id: string): Promise<{ system: StorageSystemRecord; nativeId: string }> {
    if (!isUrnOfType(id, "Volume") && !isUrnOfType(id, "BlockSnapshot")) throw ViprErrors.invalidUri(id);
    const located = await this.locator.device(id);
    if (!located) throw ViprErrors.unableToFindEntityInURL(id);
    if (located.inactive) throw ViprErrors.entityInURLIsInactive(id);
    if (located.nativeId === null) {
      throw new ServiceError(ServiceCode.PARAMETER_INVALID, `${id} has no device on its array yet`);
    }
    return { system: located.system, nativeId: located.nativeId };
  }
}
