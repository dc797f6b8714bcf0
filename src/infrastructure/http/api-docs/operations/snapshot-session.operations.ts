import {
  bulkIdsBody,
  linkTargetsBody,
  relinkTargetsBody,
  snapshotSessionCreateBody,
  unlinkTargetsBody,
} from "../../requests/request-bodies.js";
import type { OperationDocs } from "../operation-docs.js";
import { responses, taskListResponse, taskResponse } from "../responses.js";
import { sampleIds } from "../samples.js";
import { searchQuery } from "./search-query.js";

const tag: OperationDocs["tag"] = "Snapshot sessions";

/**
 * Refusals of every operation that changes a session (or creates one): who asks, an inactive
 * resource, and an array that takes no sessions (a family, or a setting of one, as CoprHD 3.6 has it).
 */
const SESSION_WRITE = [3000, 2001, 1007] as const;
const CHECKS =
  "Checked in the real controller's order (docs/api/snapshot-sessions.md); a refused request creates nothing.";

export const snapshotSessionOperations = {
  create: {
    tag,
    summary: "Create a snapshot session of a volume (and optionally link targets)",
    description:
      "One task on the session and one on the volume. `name` is required, at most 31 characters, unique among " +
      "the source's sessions and linked targets; `{datetime}` in it is replaced by the time of the request. " +
      "`new_linked_targets` (may be null) links targets as a link request does, but its `copy_mode` is required and " +
      "a `count` of 0 asks for none. `volumes` (a consistency group's) is taken and ignored. " +
      "A volume of a consistency group kept in an array group gets its group's session: the session's task, then " +
      "the group's (docs/api/snapshot-sessions.md, 'A member volume's session'). " +
      `Refused while the volume has another task pending (1056). ${CHECKS}`,
    body: {
      kind: "described",
      body: snapshotSessionCreateBody,
      examples: {
        session: { summary: "a session", json: { name: "snap1" } },
        withTargets: {
          summary: "a session and two copy-mode targets",
          json: { name: "snap1", new_linked_targets: { count: 2, target_name: "tgt", copy_mode: "copy" } },
        },
      },
    },
    responses: { 202: taskListResponse("Accepted: the session's task and the volume's (or its group's)") },
    refusals: [...SESSION_WRITE, 1005, 1008, 1013, 1056],
  },
  listOfVolume: {
    tag,
    summary: "The volume's active snapshot sessions",
    description: "An inactive volume is 404/2001.",
    responses: { 200: responses.sessionList },
    refusals: [3000, 2001, 1002, 1013],
  },
  ids: {
    tag,
    summary: "Ids of every active snapshot session (SYSTEM_MONITOR)",
    responses: { 200: responses.sessionIds },
    refusals: [3000],
  },
  bulk: {
    tag,
    summary: "Snapshot sessions by id",
    description: "Ids that name no snapshot session are left out, as are sessions the caller may not read.",
    body: {
      kind: "described",
      body: bulkIdsBody,
      examples: { ids: { summary: "two ids", json: { id: [sampleIds.session, sampleIds.session] } } },
    },
    responses: { 200: responses.sessionBulk },
    refusals: [1031],
  },
  search: {
    tag,
    summary: "Search snapshot sessions by name prefix, project or tag",
    query: searchQuery("snapshot session"),
    responses: { 200: responses.sessionSearch },
    refusals: [1008, 1013, 3000],
  },
  get: {
    tag,
    summary: "A snapshot session",
    responses: { 200: responses.session },
    refusals: [3000, 1002],
  },
  linkTargets: {
    tag,
    summary: "Link new target volumes to a snapshot session",
    description:
      "`count` and `target_name` are required; `copy_mode` is `copy` or `nocopy` (the default). Targets are named " +
      "`<target_name>-<i>`; a negative `count` links none. " +
      `${CHECKS} ` +
      "Answers one task on the session: poll it until `ready` (or `error`); in copy mode its `progress` follows the copy.",
    body: {
      kind: "described",
      body: linkTargetsBody,
      examples: {
        copy: {
          summary: "two targets in copy mode",
          json: { new_linked_targets: { count: 2, target_name: "tgt", copy_mode: "copy" } },
        },
        nocopy: {
          summary: "one target, nocopy (the default)",
          json: { new_linked_targets: { count: 1, target_name: "x" } },
        },
      },
    },
    responses: { 202: taskListResponse("Accepted: one task on the session") },
    refusals: [...SESSION_WRITE, 1005, 1008, 1013],
  },
  relinkTargets: {
    tag,
    summary: "Relink linked targets to this session",
    description: CHECKS,
    body: {
      kind: "described",
      body: relinkTargetsBody,
      examples: { ids: { summary: "one target", json: { ids: [sampleIds.target1] } } },
    },
    responses: { 202: taskListResponse("Accepted") },
    refusals: [...SESSION_WRITE, 1005, 1013, 1002, 1004, 1006],
  },
  unlinkTargets: {
    tag,
    summary: "Unlink linked targets (keeping them as volumes, or deleting them)",
    description: `An empty list unlinks nothing (while the session has linked targets). ${CHECKS}`,
    body: {
      kind: "described",
      body: unlinkTargetsBody,
      examples: {
        keep: {
          summary: "keep the target as a volume",
          json: { linked_targets: [{ id: sampleIds.target1, delete_target: false }] },
        },
      },
    },
    responses: { 202: taskResponse("Accepted: one task on the session") },
    refusals: [...SESSION_WRITE, 1005, 1013, 1002, 1004, 1006],
  },
  restore: {
    tag,
    summary: "Restore the session's point-in-time image onto its source",
    description:
      "Refused while the source volume has another task pending (1056); the session's own operations do not refuse " +
      `it: it waits \`queued\` behind them. ${CHECKS}`,
    responses: { 202: taskResponse("Accepted") },
    refusals: [...SESSION_WRITE, 1056],
  },
  deactivate: {
    tag,
    summary: "Delete a snapshot session",
    query: {
      type: {
        description:
          "`FULL` (the default) terminates the array snapshot first; exactly `VIPR_ONLY` only forgets it (its task is " +
          "answered `pending` and is `ready` when polled). Any other value is `FULL`.",
        schema: { type: "string", enum: ["FULL", "VIPR_ONLY"] },
      },
    },
    responses: { 202: taskListResponse("Accepted") },
    refusals: [...SESSION_WRITE, 1013, 1056],
  },
  tasks: {
    tag,
    summary: "The session's tasks",
    responses: { 200: taskListResponse("The tasks whose resource is the session") },
    refusals: [3000],
  },
  task: {
    tag,
    summary: "One task of the session (or of the resource with that id), by op id or task URN",
    responses: { 200: taskResponse("The task") },
    refusals: [3000, 1008],
  },
} satisfies Record<string, OperationDocs>;
