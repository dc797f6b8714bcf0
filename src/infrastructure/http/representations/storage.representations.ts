import type {
  StoragePoolView,
  StorageSystemView,
  VarrayView,
  VpoolView,
} from "../../../application/ports/read-model.js";
import { dataObjectFields } from "./data-object.js";
import { list, type Representation, repeated, representation } from "./document.js";
import { namedRelated, related } from "./links.js";

type Named = { readonly id: string; readonly name: string };

function namedList(root: string, item: string, resources: readonly Named[]): Representation {
  return representation(root, { [item]: repeated(resources.map((r) => namedRelated(r.id, r.name))) });
}

/** `storage_systems`: `{"storage_system":[{id,name,link}]}`. */
export function storageSystemListRepresentation(systems: readonly StorageSystemView[]): Representation {
  return namedList("storage_systems", "storage_system", systems);
}

/** `storage_system`: a registered (simulated) array. */
export function storageSystemRepresentation(system: StorageSystemView): Representation {
  return representation("storage_system", {
    ...dataObjectFields({ ...system, inactive: false }),
    system_type: system.systemType,
    serial_number: system.nativeId,
  });
}

/** `storage_pools`: `{"storage_pool":[{id,name,link}]}`. */
export function storagePoolListRepresentation(pools: readonly StoragePoolView[]): Representation {
  return namedList("storage_pools", "storage_pool", pools);
}

/** `varrays`: `{"varray":[{id,name,link}]}`. */
export function varrayListRepresentation(varrays: readonly VarrayView[]): Representation {
  return namedList("varrays", "varray", varrays);
}

/** `vpool_list`: `{"virtualpool":[{id,name,link}]}`. */
export function vpoolListRepresentation(vpools: readonly VpoolView[]): Representation {
  return namedList("vpool_list", "virtualpool", vpools);
}

/** `block_vpool`: a block virtual pool with its array family, varrays and snapshot limit. */
export function blockVpoolRepresentation(vpool: VpoolView): Representation {
  return representation("block_vpool", {
    ...dataObjectFields({ ...vpool, inactive: false }),
    type: "block",
    system_type: vpool.systemType,
    varrays: list("varray", vpool.varrayIds.map(related)),
    max_snapshots: vpool.maxSnapshots,
  });
}
