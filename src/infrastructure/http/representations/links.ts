import { urnType } from "../../../domain/shared/urn.js";
import { list, type Node, node, type RelatedList, type WrappedList } from "./document.js";

/** Where each resource type lives in the API, by the type named in its URN. */
export const RESOURCE_PATHS: Readonly<Record<string, string>> = {
  TenantOrg: "/tenants",
  Project: "/projects",
  StorageSystem: "/vdc/storage-systems",
  StoragePool: "/vdc/storage-pools",
  VirtualArray: "/vdc/varrays",
  VirtualPool: "/block/vpools",
  Volume: "/block/volumes",
  BlockSnapshotSession: "/block/snapshot-sessions",
  BlockSnapshot: "/block/snapshots",
  BlockConsistencyGroup: "/block/consistency-groups",
  Task: "/vdc/tasks",
  VirtualDataCenter: "/vdc",
};

/** The resource's own URL, derived from its URN (`/block/snapshots/<id>` for a BlockSnapshot). */
export function hrefOf(id: string): string {
  const path = RESOURCE_PATHS[urnType(id) ?? ""];
  return path === undefined ? `/${encodeURIComponent(id)}` : `${path}/${id}`;
}

/** `{"rel":"self","href":…}` / `<link rel="self" href="…"/>`. */
export function selfLink(href: string): Node {
  return node({}, { rel: "self", href });
}

/** ViPR's RelatedResourceRep: `{id, link}`. */
export function related(id: string): Node {
  return node({ id, link: selfLink(hrefOf(id)) });
}

/** ViPR's NamedRelatedResourceRep: `{id, link, name}` (RelatedResourceRep's elements come first in XML). */
export function namedRelated(id: string, name: string): Node {
  return node({ id, link: selfLink(hrefOf(id)), name });
}

/** The related list as the wrapped list of RelatedResourceRep nodes it stands for. */
export function relatedNodes(relatedIds: RelatedList): WrappedList {
  return list(relatedIds.item, relatedIds.ids.map(related));
}
