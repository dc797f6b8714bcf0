import { bulkIdsBody } from "../../requests/request-bodies.js";
import type { OperationDocs } from "../operation-docs.js";
import { responses, taskListResponse, taskResponse } from "../responses.js";
import { sampleIds } from "../samples.js";
import { searchQuery } from "./search-query.js";

const tag: OperationDocs["tag"] = "Linked targets";

export const linkedTargetOperations = {
  ids: {
    tag,
    summary: "Ids of every active linked target (SYSTEM_MONITOR)",
    responses: { 200: responses.linkedTargetIds },
    refusals: [3000],
  },
  bulk: {
    tag,
    summary: "Linked targets by id",
    description: "Ids that name no linked target are left out, as are targets the caller may not read.",
    body: {
      kind: "described",
      body: bulkIdsBody,
      examples: { ids: { summary: "one id", json: { id: [sampleIds.target1] } } },
    },
    responses: { 200: responses.linkedTargetBulk },
    refusals: [1031],
  },
  search: {
    tag,
    summary: "Search linked targets by name prefix, project or tag",
    query: searchQuery("linked target"),
    responses: { 200: responses.linkedTargetSearch },
    refusals: [1008, 1013, 3000],
  },
  get: {
    tag,
    summary: "A linked target (a block snapshot)",
    description:
      "Also carries `copy_mode` and `link_state` (simulator additions): follow a copy's `percent_copied` here.",
    responses: { 200: responses.linkedTarget },
    refusals: [3000, 1008],
  },
  restore: {
    tag,
    summary: "Restore the source volume from the linked target's current image",
    description:
      "One task on the linked target (`RESTORE VOLUME SNAPSHOT`); the source is busy until it ends. Refused while " +
      "the source has a pending task or the target's session runs an operation (400/1056), and while the target " +
      "is not linked yet or no longer linked (400/1013).",
    query: {
      syncDirection: {
        description: "`SOURCE_TO_TARGET`, `TARGET_TO_SOURCE` or `NONE`: for SRDF volumes, of which there are none here",
        schema: { type: "string", enum: ["SOURCE_TO_TARGET", "TARGET_TO_SOURCE", "NONE"] },
      },
    },
    responses: { 202: taskResponse("Accepted: one task on the linked target") },
    refusals: [3000, 1008, 1013, 1056],
  },
  deactivate: {
    tag,
    summary: "Delete a linked target (unlink it and delete its device)",
    description:
      "`VIPR_ONLY` forgets the target without unlinking it on the array; a target already deleted answers a " +
      "`ready` task.",
    query: {
      type: {
        description: "`FULL` (the default: unlink and delete the device) or `VIPR_ONLY` (forget it only)",
        schema: { type: "string", enum: ["FULL", "VIPR_ONLY"] },
      },
    },
    responses: { 202: taskListResponse("Accepted") },
    refusals: [3000, 1013, 1056],
  },
  tasks: {
    tag,
    summary: "The linked target's tasks",
    responses: { 200: taskListResponse("The tasks whose resource is the linked target") },
    refusals: [3000],
  },
  task: {
    tag,
    summary: "One task of the linked target, by op id or task URN",
    responses: { 200: taskResponse("The task") },
    refusals: [3000, 1008],
  },
} satisfies Record<string, OperationDocs>;
