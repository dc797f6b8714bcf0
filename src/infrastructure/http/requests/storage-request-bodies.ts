import type { CreateVirtualArrayDraft } from "../../../application/storage/create-virtual-array.handler.js";
import type { CreateVirtualPoolDraft } from "../../../application/storage/create-virtual-pool.handler.js";
import type { RegisterStorageSystemDraft } from "../../../application/storage/register-storage-system.handler.js";
import { ARRAY_FAMILIES } from "../../../drivers/array-families.js";
import { boolean, type FieldSpec, integer, object, requestBody, text, wrappedList } from "./request-body.js";

/** Every family's settings, under their wire names. */
const SETTINGS_FIELDS: Readonly<Record<string, FieldSpec>> = Object.fromEntries(
  ARRAY_FAMILIES.flatMap((family) => family.settingFields).map((field) => [
    field.wireName,
    field.kind === "integer" ? integer(field.key) : text(field.key),
  ]),
);

/** `storage_system_create` for a simulated array; `settings` are the family's (arrays.md). */
export const storageSystemCreateBody = requestBody<RegisterStorageSystemDraft>("storage_system_create", {
  name: text("name"),
  system_type: text("systemType"),
  serial_number: text("serialNumber"),
  varrays: wrappedList("varrays", "varray", { kind: "text" }),
  settings: object("settings", SETTINGS_FIELDS),
});

export const varrayCreateBody = requestBody<CreateVirtualArrayDraft>("varray_create", { name: text("name") });

/** ViPR's BlockVirtualPoolParam, as far as a simulated array's pool uses it. */
export const blockVpoolCreateBody = requestBody<CreateVirtualPoolDraft>("block_vpool_create", {
  name: text("name"),
  description: text("description"),
  system_type: text("systemType"),
  provisioning_type: text("provisioningType"),
  protocols: wrappedList("protocols", "protocol", { kind: "text" }),
  varrays: wrappedList("varrays", "varray", { kind: "text" }),
  multi_volume_consistency: boolean("multiVolumeConsistency"),
  protection: object("protection", {
    snapshots: object("snapshots", { max_native_snapshots: integer("maxNativeSnapshots") }),
  }),
});
