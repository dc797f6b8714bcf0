import type {
  StoragePoolView,
  StorageSystemView,
  VarrayView,
  VpoolView,
} from "../../../application/ports/read-model.js";
import { ARRAY_FAMILIES } from "../../../drivers/array-families.js";
import { storageSystemCreateBody } from "../requests/storage-request-bodies.js";
import { dataObjectFields } from "./data-object.js";
import { type Child, list, node, type Representation, repeated, representation, type Scalar } from "./document.js";
import { hrefOf, namedRelated, related, selfLink } from "./links.js";

type Named = { readonly id: string; readonly name: string };

function namedList(root: string, item: string, resources: readonly Named[]): Representation {
  return representation(root, { [item]: repeated(resources.map((r) => namedRelated(r.id, r.name))) });
}

/** `storage_systems`: `{"storage_system":[{id,link,name}]}`. */
export function storageSystemListRepresentation(systems: readonly StorageSystemView[]): Representation {
  return namedList("storage_systems", "storage_system", systems);
}

/** `storage_system`: a registered (simulated) array. */
export function storageSystemRepresentation(system: StorageSystemView): Representation {
  return representation("storage_system", {
    ...dataObjectFields({ ...system, inactive: false }),
    system_type: system.systemType,
    serial_number: system.nativeId,
    settings: settingsNode(system.settings),
  });
}

/** Each setting's wire name (`max_linked_targets_per_source`), as the registration request names it. */
const SETTING_WIRE_NAMES: ReadonlyMap<string, string> = (() => {
  const settings = storageSystemCreateBody.fields.settings;
  const fields = settings?.kind === "object" ? settings.fields : {};
  return new Map(Object.entries(fields).map(([wireName, spec]) => [spec.key, wireName]));
})();

/** Settings that are written, never read back: the families' secrets (passwords). */
const WRITE_ONLY_SETTINGS: ReadonlySet<string> = new Set(
  ARRAY_FAMILIES.flatMap((family) => family.settingFields.filter((field) => field.secret).map((field) => field.key)),
);

/**
 * The family's settings under their wire names, in the request's order, but for the write-only
 * ones; left out when there are none.
 */
function settingsNode(settings: Readonly<Record<string, unknown>>): Child {
  const entries = [...SETTING_WIRE_NAMES].flatMap(([key, wireName]): [string, Scalar][] => {
    if (WRITE_ONLY_SETTINGS.has(key)) return [];
    const value = settings[key];
    const scalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    return scalar ? [[wireName, value]] : [];
  });
  return entries.length === 0 ? undefined : node(Object.fromEntries(entries));
}

/** `varray`: a virtual array. */
export function varrayRepresentation(varray: VarrayView): Representation {
  return representation("varray", dataObjectFields({ ...varray, inactive: false }));
}

/** `storage_pools`: `{"storage_pool":[{id,link,name}]}`. */
export function storagePoolListRepresentation(pools: readonly StoragePoolView[]): Representation {
  return namedList("storage_pools", "storage_pool", pools);
}

/** `varrays`: `{"varray":[{id,link,name}]}`. */
export function varrayListRepresentation(varrays: readonly VarrayView[]): Representation {
  return namedList("varrays", "varray", varrays);
}

/** `vpool_list`: `{"virtualpool":[{id,link,name}]}`. */
export function vpoolListRepresentation(vpools: readonly VpoolView[]): Representation {
  return namedList("vpool_list", "virtualpool", vpools);
}

/** `results`: `{"resource":[{id,link,match}]}`, `match` being the virtual pool's name. */
export function vpoolSearchRepresentation(vpools: readonly VpoolView[]): Representation {
  return representation("results", {
    resource: repeated(vpools.map((v) => node({ id: v.id, link: selfLink(hrefOf(v.id)), match: v.name }))),
  });
}

/**
 * `block_vpool`: a block virtual pool with its array family, varrays, snapshot limit and whether
 * its volumes may be made in a consistency group.
 */
export function blockVpoolRepresentation(vpool: VpoolView): Representation {
  return representation("block_vpool", {
    ...dataObjectFields({ ...vpool, inactive: false }),
    type: "block",
    system_type: vpool.systemType,
    varrays: list("varray", vpool.varrayIds.map(related)),
    max_snapshots: vpool.maxSnapshots,
    multi_volume_consistency: vpool.multiVolumeConsistency,
  });
}
