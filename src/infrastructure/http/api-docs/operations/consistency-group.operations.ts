import { bulkIdsBody, consistencyGroupCreateBody } from "../../requests/request-bodies.js";
import type { OperationDocs } from "../operation-docs.js";
import { responses, taskListResponse, taskResponse } from "../responses.js";
import { sampleIds } from "../samples.js";
import { searchQuery } from "./search-query.js";

const tag: OperationDocs["tag"] = "Consistency groups";

export const consistencyGroupOperations = {
  create: {
    tag,
    summary: "Create a consistency group",
    description:
      "Made at once and empty: volumes join it when they are created (`consistency_group` of `POST /block/volumes`, " +
      "with a virtual pool that has `multi_volume_consistency`). The name (letters, digits, `_` and `-`, at most 64) " +
      "must be no active group's, of any project, whatever the case (400/1008).",
    body: {
      kind: "described",
      body: consistencyGroupCreateBody,
      examples: {
        group: {
          summary: "a group of the project",
          json: { name: "cg1", project: sampleIds.project, array_consistency: true },
        },
      },
    },
    responses: { 200: responses.consistencyGroup },
    refusals: [3000, 1004, 1005, 1006, 1008],
  },
  search: {
    tag,
    summary: "Search consistency groups by name prefix, project or tag",
    query: searchQuery("consistency group"),
    responses: { 200: responses.consistencyGroupSearch },
    refusals: [1008, 1013, 3000],
  },
  ids: {
    tag,
    summary: "Ids of every active consistency group (SYSTEM_MONITOR)",
    responses: { 200: responses.consistencyGroupIds },
    refusals: [3000],
  },
  bulk: {
    tag,
    summary: "Consistency groups by id",
    description: "Ids that name no group are left out, as are groups the caller may not read.",
    body: {
      kind: "described",
      body: bulkIdsBody,
      examples: { ids: { summary: "one id", json: { id: [sampleIds.consistencyGroup] } } },
    },
    responses: { 200: responses.consistencyGroupBulk },
    refusals: [1031],
  },
  get: {
    tag,
    summary: "A consistency group, with its active volumes",
    responses: { 200: responses.consistencyGroup },
    refusals: [3000, 1008],
  },
  deactivate: {
    tag,
    summary: "Delete a consistency group",
    description:
      "Refused while an active volume is in the group (400/1020). The group is deleted at once: the task is `ready` " +
      "in the answer, whatever the type.",
    query: {
      type: {
        description: "`FULL` (the default) or `VIPR_ONLY`; any other value is taken as `FULL`",
        schema: { type: "string" },
      },
    },
    responses: { 202: taskResponse("Done: the task is ready") },
    refusals: [3000, 1020],
  },
  tasks: {
    tag,
    summary: "The consistency group's tasks",
    responses: { 200: taskListResponse("The group's tasks") },
    refusals: [3000],
  },
  task: {
    tag,
    summary: "One task of the consistency group, by op id or task URN",
    responses: { 200: taskResponse("The task") },
    refusals: [3000, 1008],
  },
} satisfies Record<string, OperationDocs>;
