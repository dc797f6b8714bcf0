import type { ArraySurface } from "../infrastructure/array-surfaces/array-surface.js";
import { MOCK } from "./mock/mock.family.js";
import { SNAPVX } from "./snapvx/snapvx.family.js";
import { UNISPHERE_SURFACE } from "./snapvx/surface/unisphere.array-surface.js";
import { VNX } from "./vnx/vnx.family.js";

/*
 * The one list of array families: the container, the seed, the configuration, the API docs, the
 * support matrix and the tests read it, and nothing else outside a family's folder names a
 * family. Adding a family: CONTRIBUTING.md, "Adding an array family".
 */

/** The array families coprsim simulates, in the order they are seeded and documented. */
export const ARRAY_FAMILIES = [SNAPVX, VNX, MOCK] as const;

/** The management APIs of real arrays that the families' simulated arrays also answer (`surface/`). */
export const ARRAY_SURFACES: readonly ArraySurface[] = [UNISPHERE_SURFACE];

/** A `system_type` of a listed family. */
export type FamilySystemType = (typeof ARRAY_FAMILIES)[number]["systemType"];
