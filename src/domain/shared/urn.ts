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
  | "Task";

const GLOBAL_TYPES: ReadonlySet<UrnType> = new Set(["TenantOrg", "Project"]);
const URN_PATTERN = /^urn:storageos:([A-Za-z]+):([0-9a-fA-F-]{36}):(vdc1|global)$/;

/** `urn:storageos:<Type>:<uuid>:vdc1` (`:global` for tenants and projects). */
export function newUrn(type: UrnType): string {
  return `urn:storageos:${type}:${randomUUID()}:${GLOBAL_TYPES.has(type) ? "global" : "vdc1"}`;
}

/** The URN's type, or undefined when the text is not a URN at all. */
export function urnType(text: string): string | undefined {
  return URN_PATTERN.exec(text)?.[1];
}

export function isUrnOfType(text: string, type: UrnType): boolean {
  return urnType(text) === type;
}

/**
 * A URN the real controller takes for one (its URIUtil.isValid): `urn:storageos:`, any type, a
 * UUID, any VDC suffix (even none), letters of any case. One of another type, or that exists
 * nowhere, is then simply not found.
 */
const VALID_URN_PATTERN =
  /^urn:storageos:[A-Za-z]+:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}:[A-Za-z0-9]*$/;

export function isValidUrn(text: string): boolean {
  return VALID_URN_PATTERN.test(text);
}
