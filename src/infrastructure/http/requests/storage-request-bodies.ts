import type { CreateVirtualArrayDraft } from "../../../application/storage/create-virtual-array.handler.js";
import type { CreateVirtualPoolDraft } from "../../../application/storage/create-virtual-pool.handler.js";
import type { RegisterStorageSystemDraft } from "../../../application/storage/register-storage-system.handler.js";
import { integer, object, requestBody, text, wrappedList } from "./request-body.js";

/** `storage_system_create` for a simulated array; `settings` are the family's (arrays.md). */
export const storageSystemCreateBody = requestBody<RegisterStorageSystemDraft>("storage_system_create", {
  name: text("name"),
  system_type: text("systemType"),
  serial_number: text("serialNumber"),
  varrays: wrappedList("varrays", "varray", { kind: "text" }),
  settings: object("settings", {
    max_linked_targets_per_source: integer("maxLinkedTargetsPerSource"),
    max_snapshots_per_source: integer("maxSnapshotsPerSource"),
    supports_copy_mode: text("supportsCopyMode"),
    ticks: integer("ticks"),
    max_snapshot_mount_points_per_source: integer("maxSnapshotMountPointsPerSource"),
    migration_rate: text("migrationRate"),
    snapshot_sessions: text("snapshotSessions"),
    unisphere_url: text("unisphereUrl"),
    unisphere_user: text("unisphereUser"),
    unisphere_password: text("unispherePassword"),
    unisphere_verify_tls: text("unisphereVerifyTls"),
    unisphere_ca_certificate: text("unisphereCaCertificate"),
  }),
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
  protection: object("protection", {
    snapshots: object("snapshots", { max_native_snapshots: integer("maxNativeSnapshots") }),
  }),
});
