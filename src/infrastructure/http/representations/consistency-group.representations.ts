import type { ConsistencyGroupView } from "../../../application/ports/read-model.js";
import { dataObjectFields } from "./data-object.js";
import { node, type Representation, relatedList, repeated, representation } from "./document.js";
import { hrefOf, related, selfLink } from "./links.js";

/**
 * `consistency_group` (docs/api/consistency-groups.md), its elements in the order of the real
 * controller's JAXB (alphabetical by Java property). A group made on no array has no
 * `storage_controller` and no `system_consistency_groups`; once it is, each array's group is a
 * `{name: <storage system id>, value: <the array's name for it>}` entry. No RecoverPoint, SRDF or
 * VPLEX field applies: `link_status`, `rp_*` and `varray` are left out.
 */
export function consistencyGroupRepresentation(group: ConsistencyGroupView): Representation {
  const systemGroups = group.systemConsistencyGroups;
  return representation("consistency_group", {
    ...dataObjectFields(group),
    array_consistency: group.arrayConsistency,
    project: related(group.projectId),
    storage_controller: group.storageSystemId === null ? null : related(group.storageSystemId),
    supports_snapshot_sessions: systemGroups.length > 0,
    system_consistency_groups:
      systemGroups.length === 0
        ? null
        : repeated(systemGroups.map((g) => node({ name: g.storageSystemId, value: g.groupName }))),
    types: repeated(group.types),
    volumes: relatedList("volume", group.volumeIds),
  });
}

/** `results`: `{"resource":[{id,link,match}]}`, `match` being the group's name. */
export function consistencyGroupSearchRepresentation(groups: readonly ConsistencyGroupView[]): Representation {
  return representation("results", {
    resource: repeated(groups.map((g) => node({ id: g.id, link: selfLink(hrefOf(g.id)), match: g.name }))),
  });
}

/** `bulk_consistency_groups`: `{"consistency_group":[...]}`, each a full representation. */
export function consistencyGroupBulkRepresentation(groups: readonly ConsistencyGroupView[]): Representation {
  return representation("bulk_consistency_groups", {
    consistency_group: repeated(groups.map((g) => consistencyGroupRepresentation(g).body)),
  });
}
