import type { HttpTestApp } from "./http-test-app.js";
import type { OpenApiDocument, Operation } from "./openapi-checks.js";

/*
 * The ViPR operations the app serves, read from the OpenAPI document it serves itself, and
 * how to address each one in the test world: a real id for every path parameter, the query
 * every required query parameter needs, the root element the contract names for its answer.
 */

/**
 * Served paths that are not the ViPR API and so are not bound to its two formats:
 * `/sim` is the simulator's own API, JSON only by design (arrays.md); the rest are the
 * documentation, metrics, health probes and operators' web pages.
 */
const NOT_VIPR_PREFIXES = ["/sim/", "/apidocs", "/metrics", "/health/", "/admin/queues", "/ui"];

export interface ServedOperation {
  readonly method: string;
  readonly path: string;
  readonly operation: Operation;
  /** `GET /block/volumes/{id}`. */
  readonly key: string;
}

export function viprOperations(document: OpenApiDocument): ServedOperation[] {
  return Object.entries(document.paths)
    .filter(([path]) => !NOT_VIPR_PREFIXES.some((prefix) => path.startsWith(prefix)))
    .flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        operation,
        key: `${method.toUpperCase()} ${path}`,
      })),
    );
}

/** The success status the document gives the operation, and whether that answer has a body. */
export function documentedSuccess(operation: Operation): { status: number; withBody: boolean } {
  const [status, response] = Object.entries(operation.responses).find(([code]) => code.startsWith("2")) ?? [];
  if (status === undefined || response === undefined) throw new Error("the operation documents no success");
  return { status: Number(status), withBody: response.content !== undefined };
}

/** The resources a path parameter can name, by the path up to and including the parameter. */
export type ResourceIds = Readonly<Record<string, string>>;

/** The test world's standing resources, by the path that names them. */
export function worldIds(t: HttpTestApp): ResourceIds {
  return {
    "/tenants/{id}": t.providerTenantId,
    "/projects/{id}": t.projectId,
    "/vdc/storage-systems/{id}": t.snapvx.systemId,
    "/vdc/varrays/{id}": t.world.varrayId,
    "/block/vpools/{id}": t.snapvx.vpoolId,
    "/block/volumes/{id}": t.volumeId,
    "/block/snapshot-sessions/{id}": t.sessionId,
    "/block/consistency-groups/{id}": t.consistencyGroupId,
    "/block/consistency-groups/{id}/protection/snapshot-sessions/{sid}": t.sessionGroup.sessionId,
  };
}

/** The path with each parameter filled from `ids`; throws on a parameter `ids` cannot fill. */
export function concretePath(path: string, ids: ResourceIds): string {
  return path.replace(/\{([^}]+)\}/g, (parameter, _name, offset: number) => {
    const resource = path.slice(0, offset + parameter.length);
    const id = ids[resource];
    if (id === undefined) throw new Error(`no id in the test world for ${resource} (in ${path})`);
    return id;
  });
}

/** The query string for the operation's query parameters; throws on a required one `values` lacks. */
export function queryFor(served: ServedOperation, values: Readonly<Record<string, string>>): string {
  const query = new URLSearchParams();
  for (const parameter of served.operation.parameters ?? []) {
    if (parameter.in !== "query") continue;
    const value = values[parameter.name];
    if (value !== undefined) query.set(parameter.name, value);
    else if (parameter.required === true) throw new Error(`no value for ${parameter.name} of ${served.key}`);
  }
  const text = query.toString();
  return text === "" ? "" : `?${text}`;
}

/** The XML root element of each ViPR answer, as CoprHD's models name it (docs/api/conventions.md, "Formats and media types"). */
export const CONTRACT_ROOTS: Readonly<Record<string, string>> = {
  "GET /login": "loggedIn",
  "GET /logout": "loggedOut",
  "GET /user/whoami": "user",
  "GET /upgrade/target-version": "target_version",
  "GET /tenant": "tenant_info",
  "GET /tenants/{id}": "tenant_org",
  "GET /tenants/{id}/projects": "projects",
  "POST /tenants/{id}/projects": "tenant_project",
  "GET /tenants/{id}/subtenants": "subtenants",
  "POST /tenants/{id}/subtenants": "tenant_org",
  "GET /tenants/{id}/role-assignments": "role_assignments",
  "PUT /tenants/{id}/role-assignments": "role_assignments",
  "GET /projects/{id}": "project",
  "GET /projects/{id}/acl": "acl_assignments",
  "PUT /projects/{id}/acl": "acl_assignments",
  "GET /vdc/storage-systems": "storage_systems",
  "POST /vdc/storage-systems": "storage_system",
  "GET /vdc/storage-systems/{id}": "storage_system",
  "GET /vdc/storage-systems/{id}/storage-pools": "storage_pools",
  "GET /vdc/varrays": "varrays",
  "POST /vdc/varrays": "varray",
  "GET /vdc/varrays/{id}": "varray",
  "GET /block/vpools": "vpool_list",
  "POST /block/vpools": "block_vpool",
  "GET /block/vpools/search": "results",
  "GET /block/vpools/{id}": "block_vpool",
  "POST /block/volumes": "tasks",
  "GET /block/volumes/search": "results",
  "POST /block/volumes/bulk": "bulk_volumes",
  "GET /block/volumes/{id}": "volume",
  "POST /block/volumes/{id}/deactivate": "task",
  "GET /block/volumes/{id}/protection/snapshots": "snapshots",
  "GET /block/volumes/{id}/tasks": "tasks",
  "GET /block/volumes/{id}/tasks/{op_id}": "task",
  "POST /block/volumes/{id}/protection/snapshot-sessions": "tasks",
  "GET /block/volumes/{id}/protection/snapshot-sessions": "snapshot_sessions",
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions": "tasks",
  "GET /block/consistency-groups/{id}/protection/snapshot-sessions": "snapshot_sessions",
  "GET /block/consistency-groups/{id}/protection/snapshots": "snapshots",
  "GET /block/consistency-groups/{id}/protection/snapshots/{sid}": "block_snapshot",
  "POST /block/consistency-groups/{id}/protection/snapshots/{sid}/restore": "task",
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions/{sid}/link-targets": "tasks",
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions/{sid}/relink-targets": "tasks",
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions/{sid}/unlink-targets": "task",
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions/{sid}/restore": "task",
  "POST /block/consistency-groups/{id}/protection/snapshot-sessions/{sid}/deactivate": "tasks",
  "GET /block/snapshot-sessions/bulk": "ids",
  "POST /block/snapshot-sessions/bulk": "bulk_block_snapshot_sessions",
  "GET /block/snapshot-sessions/search": "results",
  "GET /block/snapshot-sessions/{id}": "block_snapshot_session",
  "POST /block/snapshot-sessions/{id}/link-targets": "tasks",
  "POST /block/snapshot-sessions/{id}/relink-targets": "tasks",
  "POST /block/snapshot-sessions/{id}/unlink-targets": "task",
  "POST /block/snapshot-sessions/{id}/restore": "task",
  "POST /block/snapshot-sessions/{id}/deactivate": "tasks",
  "GET /block/snapshot-sessions/{id}/tasks": "tasks",
  "GET /block/snapshot-sessions/{id}/tasks/{op_id}": "task",
  "GET /block/volumes/bulk": "ids",
  "POST /block/consistency-groups": "consistency_group",
  "GET /block/consistency-groups/search": "results",
  "GET /block/consistency-groups/bulk": "ids",
  "POST /block/consistency-groups/bulk": "bulk_consistency_groups",
  "GET /block/consistency-groups/{id}": "consistency_group",
  "POST /block/consistency-groups/{id}/deactivate": "task",
  "GET /block/consistency-groups/{id}/tasks": "tasks",
  "GET /block/consistency-groups/{id}/tasks/{op_id}": "task",
  "GET /block/snapshots/bulk": "ids",
  "POST /block/snapshots/bulk": "bulk_block_snapshots",
  "GET /block/snapshots/search": "results",
  "GET /block/snapshots/{id}": "block_snapshot",
  "POST /block/snapshots/{id}/restore": "task",
  "POST /block/snapshots/{id}/deactivate": "tasks",
  "GET /block/snapshots/{id}/tasks": "tasks",
  "GET /block/snapshots/{id}/tasks/{op_id}": "task",
  "GET /vdc/tasks": "tasks",
  "GET /vdc/tasks/{id}": "task",
};

export function contractRoot(key: string): string {
  const root = CONTRACT_ROOTS[key];
  if (root === undefined) throw new Error(`the contract names no root element for ${key}`);
  return root;
}
