import { snapshotSessionCreateBody } from "../../requests/request-bodies.js";
import type { OperationDocs } from "../operation-docs.js";
import { responses, taskListResponse } from "../responses.js";

const tag: OperationDocs["tag"] = "Snapshot sessions";

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
} satisfies Record<string, OperationDocs>;
