import type { ArrayCounters, ArrayDevices, SimDevice } from "./array-state-store.js";

/** Arrays keep device and snapshot names to 31 characters. */
export const MAX_ARRAY_NAME_LENGTH = 31;

/**
 * The array-side name of a controller name: characters outside `[A-Za-z0-9_-]` become `_`,
 * then it is cut to 31 characters.
 */
export function arraySideName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, MAX_ARRAY_NAME_LENGTH);
}

/**
 * Creates a device once per idempotency key: a repeated call returns the device the first call
 * created. `build` receives the array's next device number. Serialized per array, for as short
 * a time as it takes: a repeat is answered without the array's lock, which is taken by the
 * number's allocation and held for a second look (a concurrent call may just have created it),
 * the insert and the commit only.
 */
export async function createDeviceOnce(
  tx: ArrayCounters & ArrayDevices,
  idempotencyKey: string,
  build: (deviceNumber: number) => Omit<SimDevice, "idempotencyKey" | "content">,
): Promise<SimDevice> {
  const created = await tx.deviceByIdempotencyKey(idempotencyKey);
  if (created) return created;
  const number = await tx.nextNumber("device");
  const existing = await tx.deviceByIdempotencyKey(idempotencyKey);
  if (existing) return existing;
  const device: SimDevice = { ...build(number), idempotencyKey, content: "complete" };
  await tx.insertDevice(device);
  return device;
}

/** 8 hex digits derived from an array's serial (FNV-1a), for WWNs of families whose WWN hides the serial. */
export function serialHash(serial: string): string {
  let hash = 0x811c9dc5;
  for (const char of serial) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).toUpperCase().padStart(8, "0");
}

/** What {@link createDevicesOnce} creates a device from. */
export interface DeviceToCreate {
  readonly idempotencyKey: string;
  readonly build: (deviceNumber: number) => Omit<SimDevice, "idempotencyKey" | "content">;
}

/**
 * {@link createDeviceOnce} for many devices, in a fixed number of statements: one read of the
 * keys, one allocation of all the numbers (which takes the array's lock), a second look, one
 * insert. Returns the devices in the order asked; a key asked twice gets the same device.
 */
export async function createDevicesOnce(
  tx: ArrayCounters & ArrayDevices,
  wanted: readonly DeviceToCreate[],
): Promise<SimDevice[]> {
  const keys = [...new Set(wanted.map((item) => item.idempotencyKey))];
  const found = new Map(await tx.devicesByIdempotencyKeys(keys));
  let missing = keys.filter((key) => !found.has(key));
  if (missing.length > 0) {
    const numbers = await tx.nextNumbers("device", missing.length);
    for (const [key, device] of await tx.devicesByIdempotencyKeys(missing)) found.set(key, device);
    missing = missing.filter((key) => !found.has(key));
    const builders = new Map(wanted.map((item) => [item.idempotencyKey, item.build]));
    const created = missing.map((key, index): SimDevice => {
      const build = builders.get(key) as DeviceToCreate["build"];
      return { ...build(numbers[index] as number), idempotencyKey: key, content: "complete" };
    });
    await tx.insertDevices(created);
    for (const device of created) found.set(device.idempotencyKey as string, device);
  }
  return wanted.map((item) => found.get(item.idempotencyKey) as SimDevice);
}
