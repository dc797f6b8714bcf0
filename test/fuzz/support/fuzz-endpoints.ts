import fc from "fast-check";
import { type FuzzWorld, GROUP_MEMBERS } from "./fuzz-world.js";
import { type Model, UNIQUE } from "./wire-bodies.js";

/** A request body aimed at a session or volume: what makes it valid is known here. */
export interface Aimed {
  readonly pathId: string;
  readonly model: Model;
}

/** One endpoint under fuzzing: its path, body root, valid bodies and what an accepted request creates. */
export interface FuzzEndpoint {
  readonly name: string;
  readonly root: string;
  path(id: string): string;
  /** Requests the contract says must be accepted (202), with the id they are aimed at. */
  valid(world: FuzzWorld): fc.Arbitrary<Aimed>;
  /** Ids the body may name besides the valid ones. */
  knownIds(world: FuzzWorld): string[];
  /** Ids a path may carry instead: other resources, another tenant's, unknown, malformed. */
  otherPathIds(world: FuzzWorld): string[];
  /** Task list (with this many tasks) or a single task. */
  readonly answer: { readonly kind: "list"; readonly tasks: number } | { readonly kind: "single" };
  /** Sessions an accepted request creates. */
  readonly sessionsCreated: number;
  /** Whether its accepted requests prepare targets (`new_linked_targets`), counted per task. */
  readonly preparesTargets: boolean;
  /** Targets prepared per `count` asked: one, or one per member of a group. */
  readonly targetsPerCount?: number;
  /** A body naming this many targets (ids of no target, or the world's), for endpoints that take a list. */
  crowd?(ids: readonly string[]): Model;
}

const fresh = (prefix: string) => fc.constant(`${prefix}${UNIQUE}`);
const copyMode = fc.constantFrom("copy", "nocopy");
/** A link's targets: without a copy_mode they are linked nocopy. */
const newTargets = fc.record(
  { count: fc.integer({ min: 1, max: 3 }), target_name: fresh("t"), copy_mode: copyMode },
  { requiredKeys: ["count", "target_name"] },
);
/** A creation's targets: a copy_mode is required there (none is refused), a count of 0 asks for none. */
const newTargetsAtCreation = fc.record({
  count: fc.integer({ min: 0, max: 3 }),
  target_name: fresh("t"),
  copy_mode: copyMode,
});

const malformedIds = [
  "not-a-urn",
  "urn:storageos:BlockSnapshotSession:1234:vdc1",
  "urn:storageos:BlockSnapshotSession:00000000-0000-0000-0000-000000000000",
  "urn%3Astorageos%3ABlockSnapshotSession",
  "urn:storageos:BlockSnapshotSession:00000000-0000-0000-0000-00000000000g:vdc1",
  "%00",
  "%F0%9F%98%80",
  "x".repeat(2000),
];

function sessionPathIds(world: FuzzWorld): string[] {
  return [
    world.inactiveSession,
    world.foreign.session,
    world.volumes[0] as string,
    world.linkedTargets[0] as string,
    "urn:storageos:BlockSnapshotSession:00000000-0000-0000-0000-000000000000:vdc1",
    ...malformedIds,
  ];
}

function targetIds(world: FuzzWorld): string[] {
  return [...world.linkedTargets, world.linkingTarget, world.unlinkedTarget, world.foreign.target, ...world.sessions];
}

export const linkTargetsEndpoint: FuzzEndpoint = {
  name: "link-targets",
  root: "snapshot_session_link_targets",
  path: (id) => `/block/snapshot-sessions/${id}/link-targets`,
  valid: (world) =>
    fc.record({ pathId: fc.constantFrom(...world.sessions), model: fc.record({ new_linked_targets: newTargets }) }),
  knownIds: targetIds,
  otherPathIds: sessionPathIds,
  answer: { kind: "list", tasks: 1 },
  sessionsCreated: 0,
  preparesTargets: true,
};

export const snapshotSessionCreateEndpoint: FuzzEndpoint = {
  name: "snapshot-session create",
  root: "snapshot_session_create",
  path: (id) => `/block/volumes/${id}/protection/snapshot-sessions`,
  valid: (world) =>
    fc.record({
      pathId: fc.constantFrom(...world.volumes),
      model: fc.record(
        {
          name: fresh("s"),
          new_linked_targets: fc.option(newTargetsAtCreation, { nil: null }),
          // As the ViPR Java client and the service catalogue send it: ignored for a volume.
          volumes: fc.constant([]),
        },
        { requiredKeys: ["name"] },
      ),
    }),
  knownIds: targetIds,
  otherPathIds: (world) => [
    world.inactiveVolume,
    world.foreign.volume,
    world.sessions[0] as string,
    "urn:storageos:Volume:00000000-0000-0000-0000-000000000000:vdc1",
    ...malformedIds,
  ],
  answer: { kind: "list", tasks: 2 },
  sessionsCreated: 1,
  preparesTargets: true,
};

/** A session of a whole group: a target per member and count, its task list on the session and the group. */
export const groupSnapshotSessionCreateEndpoint: FuzzEndpoint = {
  name: "group snapshot-session create",
  root: "snapshot_session_create",
  path: (id) => `/block/consistency-groups/${id}/protection/snapshot-sessions`,
  valid: (world) =>
    fc.record({
      pathId: fc.constantFrom(...world.groups),
      model: fc.record(
        {
          name: fresh("s"),
          new_linked_targets: fc.option(newTargetsAtCreation, { nil: null }),
          volumes: fc.constant([]),
        },
        { requiredKeys: ["name"] },
      ),
    }),
  knownIds: targetIds,
  otherPathIds: (world) => [
    world.inactiveGroup,
    world.looseGroup,
    world.foreign.group,
    world.volumes[0] as string,
    world.sessions[0] as string,
    "urn:storageos:BlockConsistencyGroup:00000000-0000-0000-0000-000000000000:vdc1",
    ...malformedIds,
  ],
  answer: { kind: "list", tasks: 2 },
  sessionsCreated: 1,
  preparesTargets: true,
  targetsPerCount: GROUP_MEMBERS,
};

/** Sessions 0 and 1 share a source, so each may take the other's linked target. */
export const relinkTargetsEndpoint: FuzzEndpoint = {
  name: "relink-targets",
  root: "snapshot_session_relink_targets",
  path: (id) => `/block/snapshot-sessions/${id}/relink-targets`,
  valid: (world) =>
    fc.record({
      pathId: fc.constantFrom(world.sessions[0] as string, world.sessions[1] as string),
      model: fc.record({
        ids: fc.subarray([world.linkedTargets[0] as string, world.linkedTargets[1] as string], { minLength: 1 }),
      }),
    }),
  knownIds: targetIds,
  otherPathIds: sessionPathIds,
  answer: { kind: "list", tasks: 1 },
  sessionsCreated: 0,
  preparesTargets: false,
  crowd: (ids) => ({ ids }),
};

export const unlinkTargetsEndpoint: FuzzEndpoint = {
  name: "unlink-targets",
  root: "snapshot_session_unlink_targets",
  path: (id) => `/block/snapshot-sessions/${id}/unlink-targets`,
  valid: (world) =>
    fc.nat({ max: world.sessions.length - 1 }).chain((index) =>
      fc.record({
        pathId: fc.constant(world.sessions[index] as string),
        model: fc.record({
          linked_targets: fc.array(
            fc.record(
              { id: fc.constant(world.linkedTargets[index] as string), delete_target: fc.boolean() },
              { requiredKeys: ["id"] },
            ),
            { minLength: 1, maxLength: 2 },
          ),
        }),
      }),
    ),
  knownIds: targetIds,
  otherPathIds: sessionPathIds,
  answer: { kind: "single" },
  sessionsCreated: 0,
  preparesTargets: false,
  crowd: (ids) => ({ linked_targets: ids.map((id) => ({ id })) }),
};
