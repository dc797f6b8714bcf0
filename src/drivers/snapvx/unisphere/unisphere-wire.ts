/*
 * The JSON of Unisphere for PowerMax REST as far as coprsim speaks it, on either side: the
 * array client (unisphere-array-client.ts) sends the requests and reads the answers, the
 * simulated arrays' surface (src/drivers/snapvx/surface) answers them. Field names are the
 * API's own (a mix of camelCase and snake_case, as the API has them); docs/unisphere.md lists
 * the requests with their shapes. Booleans arrive as JSON booleans or as the strings "true" /
 * "false" (clients send both): see {@link isTrue}.
 *
 * This file holds what every request shares; the shapes of each resource are in their own
 * files: system-wire.ts (version, arrays, jobs), provisioning-wire.ts (storage groups and
 * volumes), device-snapshot-wire.ts and storage-group-snapshot-wire.ts (SnapVX).
 */

/** Base path of every request. */
export const UNISPHERE_BASE_PATH = "/univmax/restapi";

/** `executionOption` of a request that should answer 202 with a job instead of waiting. */
export const ASYNCHRONOUS = "ASYNCHRONOUS";

/** Every refusal's body. */
export interface UnisphereErrorBody {
  readonly message: string;
}

/** A list answered as an iterator: the first page, and how to fetch the others. */
export interface ResultIterator<T> {
  readonly id: string;
  readonly count: number;
  readonly maxPageSize: number;
  readonly expirationTime: number;
  readonly resultList: IteratorPage<T>;
}

/** `GET /common/Iterator/{id}/page?from=&to=` (1-based, inclusive). */
export interface IteratorPage<T> {
  readonly result: readonly T[];
  readonly from: number;
  readonly to: number;
}

/** A boolean of a request: JSON `true`, or the text `true` in any case (Cinder sends text, gopowermax booleans). */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}
