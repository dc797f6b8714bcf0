import type { ArrayDevices, SimDevice } from "./array-state-store.js";
import { type InMemoryArrayState, picked } from "./in-memory-array-state.js";

/** An array's devices in process memory; a device deleted takes its own tracks with it and leaves its group. */
export function inMemoryArrayDevices(state: InMemoryArrayState): ArrayDevices {
  const part: ArrayDevices = {
    async device(nativeId: string): Promise<SimDevice | null> {
      return state.devices.get(nativeId) ?? null;
    },

    async lockDevices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
      return picked(state.devices, nativeIds);
    },

    async devices(nativeIds: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
      return part.lockDevices(nativeIds);
    },

    async deviceByIdempotencyKey(key: string): Promise<SimDevice | null> {
      for (const device of state.devices.values()) if (device.idempotencyKey === key) return device;
      return null;
    },

    async devicesByIdempotencyKeys(keys: readonly string[]): Promise<ReadonlyMap<string, SimDevice>> {
      const wanted = new Set(keys);
      const found = new Map<string, SimDevice>();
      for (const device of state.devices.values()) {
        if (device.idempotencyKey !== null && wanted.has(device.idempotencyKey))
          found.set(device.idempotencyKey, device);
      }
      return found;
    },

    async childDevices(parentNativeId: string): Promise<SimDevice[]> {
      return [...state.devices.values()].filter((d) => d.parentNativeId === parentNativeId);
    },

    async insertDevice(device: SimDevice): Promise<void> {
      if (state.devices.has(device.nativeId)) throw new Error(`device ${device.nativeId} exists`);
      if (device.idempotencyKey !== null && (await part.deviceByIdempotencyKey(device.idempotencyKey))) {
        throw new Error(`a device with idempotency key ${device.idempotencyKey} exists`);
      }
      state.devices.set(device.nativeId, device);
    },

    async insertDevices(devices: readonly SimDevice[]): Promise<void> {
      const before = new Map(state.devices);
      try {
        for (const device of devices) await part.insertDevice(device);
      } catch (error) {
        state.devices = before;
        throw error;
      }
    },

    async updateDevice(device: SimDevice): Promise<void> {
      if (!state.devices.has(device.nativeId)) throw new Error(`no device ${device.nativeId}`);
      state.devices.set(device.nativeId, device);
    },

    async deleteDevice(nativeId: string): Promise<boolean> {
      state.tracks.delete(nativeId);
      for (const [name, members] of state.replicationGroups) {
        state.replicationGroups.set(
          name,
          members.filter((member) => member !== nativeId),
        );
      }
      return state.devices.delete(nativeId);
    },

    async allDevices(): Promise<SimDevice[]> {
      return [...state.devices.values()].sort((a, b) => a.nativeId.localeCompare(b.nativeId));
    },
  };
  return part;
}
