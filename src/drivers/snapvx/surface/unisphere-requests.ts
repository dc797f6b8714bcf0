import type { FastifyReply, FastifyRequest } from "fastify";
import type { DeviceName } from "../unisphere/device-snapshot-wire.js";
import type { CapacityUnit, VolumeAttributes } from "../unisphere/provisioning-wire.js";
import { ASYNCHRONOUS, isTrue } from "../unisphere/unisphere-wire.js";
import type { PowerMaxArrays } from "./powermax-arrays.js";
import type { NewVolume } from "./powermax-storage-groups.js";
import { SimulatedPowerMax, type SnapshotSelector } from "./simulated-powermax.js";
import { refusalOf, UnisphereRefusal } from "./unisphere-refusal.js";
import type { UnisphereSurfaceStore } from "./unisphere-surface-store.js";
import type { UnisphereUser } from "./unisphere-users.js";
import { jobView } from "./unisphere-views.js";

/** What every route of the surface is built with. */
export interface SurfaceContext {
  readonly arrays: PowerMaxArrays;
  readonly store: UnisphereSurfaceStore;
  /** The API versions the surface serves (in paths: `/univmax/restapi/{version}/…`). */
  readonly apiVersions: readonly string[];
  /** Whether the simulated arrays' microcode has snap ids. */
  readonly snapIds: boolean;
}

type Params = Record<string, string | undefined>;

/** The authenticated user (set by the surface's authentication hook). */
export function userOf(request: FastifyRequest): UnisphereUser {
  const user = (request as FastifyRequest & { unisphereUser?: UnisphereUser }).unisphereUser;
  if (!user) throw new UnisphereRefusal(401, "Unauthorized");
  return user;
}

export function param(request: FastifyRequest, name: string): string {
  const value = (request.params as Params)[name];
  if (value === undefined || value === "") throw new UnisphereRefusal(400, `Missing path parameter ${name}`);
  return value;
}

export function query(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : undefined;
}

/** The request's JSON body as an object (an absent body: an empty one). */
export function body(request: FastifyRequest): Record<string, unknown> {
  const value = request.body;
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw new UnisphereRefusal(400, "The request body must be a JSON object");
  return value as Record<string, unknown>;
}

/** The API version of the path, refused unless the surface serves it. */
export function checkedVersion(context: SurfaceContext, request: FastifyRequest): string {
  const version = param(request, "version");
  if (!context.apiVersions.includes(version)) {
    throw new UnisphereRefusal(
      404,
      `API version ${version} is not supported; supported: ${context.apiVersions.join(", ")}`,
    );
  }
  return version;
}

/** The simulated PowerMax of the path's `{symmetrixId}` (and a version check). */
export async function powerMaxOf(context: SurfaceContext, request: FastifyRequest): Promise<SimulatedPowerMax> {
  checkedVersion(context, request);
  const symmetrixId = param(request, "symmetrixId");
  const array = await context.arrays.array(symmetrixId);
  if (!array) throw new UnisphereRefusal(404, `Symmetrix ${symmetrixId} was not found`);
  return new SimulatedPowerMax(array, context.store, context.snapIds);
}

export function text(value: unknown, name: string): string {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  throw new UnisphereRefusal(400, `${name} is required`);
}

/** Storage group and snapshot names: letters, digits, `_` and `-`, at most 64 characters. */
export function objectName(value: unknown, name: string): string {
  const checked = text(value, name);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(checked)) {
    throw new UnisphereRefusal(400, `${name} ${checked} must be 1 to 64 letters, digits, _ or -`);
  }
  return checked;
}

const UNIT_BYTES: Record<CapacityUnit, number> = {
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
  CYL: 15 * 128 * 1024,
};

/** `volumeAttributes` as the volumes to make (each entry `num_of_vols` times). */
export function newVolumes(attributes: unknown): NewVolume[] {
  if (attributes === undefined) return [];
  if (!Array.isArray(attributes)) throw new UnisphereRefusal(400, "volumeAttributes must be a list");
  return (attributes as Partial<VolumeAttributes>[]).flatMap((entry) => {
    const count = Number(entry.num_of_vols ?? 0);
    const size = Number(entry.volume_size ?? 0);
    const unit = UNIT_BYTES[(entry.capacityUnit ?? "GB") as CapacityUnit];
    if (!Number.isInteger(count) || count < 0 || count > 1000) {
      throw new UnisphereRefusal(400, `num_of_vols ${entry.num_of_vols} must be a whole number from 0 to 1000`);
    }
    if (unit === undefined)
      throw new UnisphereRefusal(400, `capacityUnit ${entry.capacityUnit} must be MB, GB, TB or CYL`);
    if (count === 0) return [];
    if (!Number.isFinite(size) || size <= 0) {
      throw new UnisphereRefusal(400, `volume_size ${entry.volume_size} must be a number above 0`);
    }
    const choice = entry.volumeIdentifier?.volumeIdentifierChoice;
    const identifier = choice === "none" ? "" : (entry.volumeIdentifier?.identifier_name ?? "");
    return Array.from({ length: count }, () => ({ identifier, capacityBytes: Math.ceil(size * unit) }));
  });
}

/** Device ids of a `deviceNameList…`. */
export function deviceNames(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new UnisphereRefusal(400, `${name} must name at least one device`);
  return (value as Partial<DeviceName>[]).map((entry) => text(entry?.name, `${name}[].name`));
}

export function deviceIdList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new UnisphereRefusal(400, `${name} must name at least one device`);
  return value.map((entry) => text(entry, name));
}

/** The snapshot a body names: `snap_id`, else `generation` (0, the newest, when neither is given). */
export function bodySelector(powerMax: SimulatedPowerMax, payload: Record<string, unknown>): SnapshotSelector {
  if (payload.snap_id !== undefined && payload.snap_id !== null) {
    if (!powerMax.snapIds) throw noSnapIds();
    return { snapId: whole(payload.snap_id, "snap_id") };
  }
  return { generation: whole(payload.generation ?? 0, "generation") };
}

/** The snapshot of a `…/snapid/{snapId}` path. */
export function snapIdSelector(powerMax: SimulatedPowerMax, request: FastifyRequest): SnapshotSelector {
  if (!powerMax.snapIds) throw noSnapIds();
  return { snapId: whole(param(request, "snapId"), "snap id") };
}

/** The snapshot of a `…/generation/{generation}` path. */
export function generationSelector(request: FastifyRequest): { generation: number } {
  return { generation: whole(param(request, "generation"), "generation") };
}

function noSnapIds(): UnisphereRefusal {
  return new UnisphereRefusal(400, "Snap ids are not supported by the microcode of this array: use generations");
}

function whole(value: unknown, name: string): number {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number === "number" && Number.isSafeInteger(number) && number >= 0) return number;
  throw new UnisphereRefusal(400, `${name} ${String(value)} must be a whole number`);
}

export function flag(value: unknown): boolean {
  return isTrue(value);
}

/** What a request did: the answer of a synchronous call (made only for one), and the tasks of its job. */
export interface Outcome {
  readonly status: number;
  readonly answer?: () => Promise<unknown>;
  readonly tasks?: readonly string[];
}

/**
 * Runs a change: synchronously (its own status and body), or, when the body asks for
 * `executionOption: ASYNCHRONOUS`, as a job answered 202. The surface runs the job before it
 * answers, so the 202 already tells how it ended (SUCCEEDED, or FAILED with the array's text as
 * its `result`); `GET …/system/job/{id}` tells it again. Planned faults and malformed requests
 * are met before: they are refused at once, as Unisphere refuses a request it cannot start.
 */
export async function runChange(
  request: FastifyRequest,
  reply: FastifyReply,
  powerMax: SimulatedPowerMax,
  job: { readonly name: string; readonly resourceLink: string },
  work: () => Promise<Outcome>,
): Promise<FastifyReply> {
  if (body(request).executionOption !== ASYNCHRONOUS) {
    const outcome = await work();
    const answer = await outcome.answer?.();
    return answer === undefined ? reply.code(outcome.status).send() : reply.code(outcome.status).send(answer);
  }
  const scheduledAt = Date.now();
  let status: "SUCCEEDED" | "FAILED" = "SUCCEEDED";
  let result = "Succeeded";
  let tasks: readonly string[] = [];
  try {
    tasks = (await work()).tasks ?? [];
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    status = "FAILED";
    result = refusal.message;
  }
  const stored = await powerMax.recordJob({
    name: job.name,
    status,
    username: userOf(request).name,
    result,
    resourceLink: job.resourceLink,
    tasks,
    scheduledAt,
    completedAt: Date.now(),
  });
  return reply.code(202).send(jobView(stored, powerMax.array.symmetrixId));
}
