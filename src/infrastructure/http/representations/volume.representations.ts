import type { VolumeView } from "../../../application/ports/read-model.js";
import { formatGigabytes } from "../../../domain/storage/capacity.js";
import { dataObjectFields } from "./data-object.js";
import { list, node, type Representation, repeated, representation } from "./document.js";
import { hrefOf, related, selfLink } from "./links.js";

/** `volume` (§6): capacities are strings in GB with two decimals. */
export function volumeRepresentation(volume: VolumeView): Representation {
  const capacity = formatGigabytes(volume.capacityBytes);
  return representation("volume", {
    ...dataObjectFields(volume),
    device_label: volume.deviceLabel,
    native_id: volume.nativeId,
    wwn: volume.wwn,
    protocols: list("protocol", []),
    storage_controller: volume.storageSystemId,
    system_type: volume.systemType,
    varray: related(volume.varrayId),
    vpool: related(volume.vpoolId),
    project: related(volume.projectId),
    tenant: related(volume.tenantId),
    provisioned_capacity_gb: capacity,
    allocated_capacity_gb: capacity,
    requested_capacity_gb: capacity,
    thinly_provisioned: true,
    access_state: "READWRITE",
    supports_snapshot_sessions: true,
  });
}

/** `results`: `{"resource":[{id,link,match}]}`, `match` being the volume's name. */
export function volumeSearchRepresentation(volumes: readonly VolumeView[]): Representation {
  return representation("results", {
    resource: repeated(volumes.map((v) => node({ id: v.id, link: selfLink(hrefOf(v.id)), match: v.name }))),
  });
}

/** `bulk_volumes`: `{"volume":[...]}`, each a full representation. */
export function volumeBulkRepresentation(volumes: readonly VolumeView[]): Representation {
  return representation("bulk_volumes", { volume: repeated(volumes.map((v) => volumeRepresentation(v).body)) });
}
