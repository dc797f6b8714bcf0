import type { VolumeView } from "../../../application/ports/read-model.js";
import { formatGigabytes } from "../../../domain/storage/capacity.js";
import { dataObjectFields } from "./data-object.js";
import { list, node, type Representation, repeated, representation } from "./document.js";
import { hrefOf, related, selfLink } from "./links.js";

/**
 * `volume` (docs/api/volumes.md; element order and empty values: docs/api/conventions.md).
 * Capacities are strings in GB with two decimals; until the array has made the volume, its
 * device fields are empty strings and its provisioned and allocated capacities `0.00`.
 */
export function volumeRepresentation(volume: VolumeView): Representation {
  const provisioned = volume.nativeId !== null;
  const requested = formatGigabytes(volume.capacityBytes);
  const onArray = provisioned ? requested : formatGigabytes(0);
  return representation("volume", {
    ...dataObjectFields(volume),
    consistency_group: volume.consistencyGroupId === null ? null : related(volume.consistencyGroupId),
    device_label: volume.deviceLabel ?? "",
    native_id: volume.nativeId ?? "",
    protocols: list("protocol", []),
    replication_group_instance: "",
    storage_controller: volume.storageSystemId,
    varray: related(volume.varrayId),
    wwn: volume.wwn,
    access_state: "READWRITE",
    allocated_capacity_gb: onArray,
    requested_capacity_gb: requested,
    project: related(volume.projectId),
    provisioned_capacity_gb: onArray,
    supports_snapshot_sessions: true,
    system_type: volume.systemType,
    tenant: related(volume.tenantId),
    thinly_provisioned: true,
    vpool: related(volume.vpoolId),
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
