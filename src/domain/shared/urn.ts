import { randomUUID } from "node:crypto";

/** Resource types that appear in ViPR URNs. */
export type UrnType =
  | "TenantOrg"
  | "Project"
  | "StorageSystem"
  | "StoragePool"
  | "VirtualArray"
  | "VirtualPool"
  | "Volume"
  | "BlockSnapshotSession"
  | "BlockSnapshot"
  | "BlockConsistencyGroup"
  | "Task";

const GLOBAL_TYPES: ReadonlySet<UrnType> = new Set(["TenantOrg", "Project"]);

/**
 * A well-formed ViPR id, as the real controller judges one: `urn:storageos:` (exactly so: the
 * scheme and its first word are compared as written), a type of letters, a UUID and a virtual
 * data center of letters and digits, possibly empty; the type, the UUID and the VDC in any
 * case. It says nothing about the type or the VDC being ours: such an id is simply not found.
 */
const WELL_FORMED_URN =
  /^urn:storageos:([A-Za-z]+):[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}:[A-Za-z0-9]*$/;

/** `urn:storageos:<Type>:<uuid>:vdc1` (`:global` for tenants and projects). */
export function newUrn(type: UrnType): string {
  return `urn:storageos:${type}:${randomUUID()}:${GLOBAL_TYPES.has(type) ? "global" : "vdc1"}`;
}

/**
 * Whether the text is a well-formed ViPR id (of any type, any VDC): what the real controller
 * takes for one (its URIUtil.isValid).
 */
export function isValidUrn(text: string): boolean {
  return WELL_FORMED_URN.test(text);
}

/** The type a well-formed URN names, as written; undefined when the text is not a well-formed URN. */
export function urnType(text: string): string | undefined {
  return WELL_FORMED_URN.exec(text)?.[1];
}

/** Whether the text is a well-formed URN naming exactly this type (ids are compared as written). */
export function isUrnOfType(text: string, type: UrnType): boolean {
  return urnType(text) === type;
}
