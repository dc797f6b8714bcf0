import {
  linkTargetsBody,
  relinkTargetsBody,
  snapshotSessionCreateBody,
  unlinkTargetsBody,
} from "../../requests/request-bodies.js";
import type { OperationDocs } from "../operation-docs.js";
import { responses, taskListResponse, taskResponse } from "../responses.js";
import { sampleIds } from "../samples.js";

const tag: OperationDocs["tag"] = "Snapshot sessions";

const OF_THE_GROUP =
  "The group first (404/2000, then 403/3000 unless the caller may change its project's resources). " +
  "The session must be the group's: an unknown session or group is 404/2000, another group's session 400/1013 " +
  "`Snapshot session {name} is not associated with consistency group {name}`; then as on /block/snapshot-sessions/{id}.";

export const consistencyGroupProtectionOperations = {
  createSession: {
    tag,
    summary: "Create one snapshot session of every volume of a consistency group (and optionally link targets)",
    description:
      "One session for all the group's volumes, its `consistency_group` set and no `parent`; answers the session's " +
      "task, then the group's (one op id), or no task for a group without volumes. The checks of a volume's " +
      "session are made at every member's source. `new_linked_targets` links `count` sets of targets, one per " +
      "member each: with more than one member, `<target_name>-<i>-<j>` (members in order of their names, whatever " +
      "the case), each set's `snapset_label` `<target_name>-<i>`. A group whose volumes are kept consistent by no " +
      "array group is refused (1013). Checked in the real controller's order (docs/api/snapshot-sessions.md, 'Group sessions'); a " +
      "refused request creates nothing.",
    body: {
      kind: "described",
      body: snapshotSessionCreateBody,
      examples: {
        session: { summary: "a group session", json: { name: "gsnap" } },
        withTargets: {
          summary: "a group session and one set of nocopy targets",
          json: { name: "gsnap", new_linked_targets: { count: 1, target_name: "gt", copy_mode: "nocopy" } },
        },
      },
    },
    responses: { 202: taskListResponse("Accepted: the session's task and the group's") },
    refusals: [3000, 2000, 2001, 1007, 1005, 1008, 1013, 1056],
  },
  sessions: {
    tag,
    summary: "The consistency group's active snapshot sessions",
    responses: { 200: responses.sessionList },
    refusals: [3000, 1002],
  },
  snapshots: {
    tag,
    summary: "The targets linked to the consistency group's sessions, inactive ones first",
    responses: { 200: responses.snapshotList },
    refusals: [3000, 1002],
  },
  snapshot: {
    tag,
    summary: "One target of the consistency group's sessions (a block snapshot)",
    description:
      "Inactive targets too. The target must be of one of the group's sessions: 400/1013 `Snapshot {name} is not " +
      "associated with consistency group {name}`.",
    responses: { 200: responses.linkedTarget },
    refusals: [3000, 2000, 1002, 1013],
  },
  restoreSnapshot: {
    tag,
    summary: "Restore every member of the group from the target set a target belongs to",
    description:
      "One task on the target (`RESTORE CONSISTENCY GROUP SNAPSHOT`); each member takes the current image of its own " +
      "target in the set (its session's linked targets with the target's `snapset_label`), and is busy until the " +
      "task ends. Refused for another group's target (400/1013), a target not linked yet or no longer linked " +
      "(400/1013 `The snapshot {name} has not been activated yet. …`), a copy-mode target on a family that cannot " +
      "restore from one (405/1007), and while the session, a member or the target has an operation pending (400/1056).",
    responses: { 202: taskResponse("Accepted: one task on the target") },
    refusals: [3000, 2000, 1002, 1007, 1008, 1013, 1056],
  },
  linkTargets: {
    tag,
    summary: "Link new target volumes to a group session (one per member per count)",
    description: OF_THE_GROUP,
    body: {
      kind: "described",
      body: linkTargetsBody,
      examples: { nocopy: { summary: "one set", json: { new_linked_targets: { count: 1, target_name: "gt" } } } },
    },
    responses: { 202: taskListResponse("Accepted: one task on the session") },
    refusals: [3000, 2000, 2001, 1007, 1005, 1008, 1013],
  },
  relinkTargets: {
    tag,
    summary: "Relink target sets to a group session",
    description: `Each target named stands for its whole set. ${OF_THE_GROUP}`,
    body: {
      kind: "described",
      body: relinkTargetsBody,
      examples: { ids: { summary: "one target's set", json: { ids: [sampleIds.target1] } } },
    },
    responses: { 202: taskListResponse("Accepted") },
    refusals: [3000, 2000, 2001, 1007, 1005, 1013, 1002, 1004, 1006],
  },
  unlinkTargets: {
    tag,
    summary: "Unlink target sets from a group session",
    description: `Each target named stands for its whole set. ${OF_THE_GROUP}`,
    body: {
      kind: "described",
      body: unlinkTargetsBody,
      examples: {
        keep: { summary: "keep a set as volumes", json: { linked_targets: [{ id: sampleIds.target1 }] } },
      },
    },
    responses: { 202: taskResponse("Accepted: one task on the session") },
    refusals: [3000, 2000, 2001, 1007, 1005, 1013, 1002, 1004, 1006],
  },
  restore: {
    tag,
    summary: "Restore every member of the group from a group session",
    description: OF_THE_GROUP,
    responses: { 202: taskResponse("Accepted: one task on the session") },
    refusals: [3000, 2000, 2001, 1007, 1013, 1056],
  },
  deactivate: {
    tag,
    summary: "Delete a snapshot session (FULL), whatever the group in the path",
    description:
      "As the real controller: the group in the path is looked up (404/2000) and the caller checked on it " +
      "(403/3000), but the session need not be the group's, and the deletion is FULL. Answers the " +
      "session's task and, for a group session, the group's.",
    responses: { 202: taskListResponse("Accepted") },
    refusals: [3000, 2000, 2001, 1007, 1013, 1056],
  },
} satisfies Record<string, OperationDocs>;
