import { bulkIdsBody, volumeCreateBody } from "../../requests/request-bodies.js";
import type { OperationDocs } from "../operation-docs.js";
import { responses, taskListResponse, taskResponse } from "../responses.js";
import { sampleIds } from "../samples.js";

const tag: OperationDocs["tag"] = "Volumes";

export const volumeOperations = {
  create: {
    tag,
    summary: "Create block volumes",
    description:
      "`size` is `1GB`, `512MB`, or bytes; with `count` > 1 the volumes are named `name-1`…`name-n`. One task per volume.",
    body: {
      kind: "described",
      body: volumeCreateBody,
      examples: {
        volume: {
          summary: "one 1 GB volume",
          json: {
            name: "vol1",
            size: "1GB",
            count: 1,
            varray: sampleIds.varray,
            vpool: sampleIds.vpool,
            project: sampleIds.project,
          },
        },
      },
    },
    responses: { 202: taskListResponse("Accepted: one task per volume") },
    refusals: [3000, 1002, 1004, 1005, 1008, 1014],
  },
  search: {
    tag,
    summary: "Search a project's volumes by name",
    query: {
      project: {
        description: "the project's URN",
        schema: { type: "string", example: sampleIds.project },
        required: true,
      },
      name: { description: "the volume's exact name (every volume of the project without it)" },
    },
    responses: { 200: responses.volumeSearch },
    refusals: [1002, 1005, 3000],
  },
  bulk: {
    tag,
    summary: "Volumes by id",
    body: {
      kind: "described",
      body: bulkIdsBody,
      examples: { ids: { summary: "one id", json: { id: [sampleIds.volume] } } },
    },
    responses: { 200: responses.volumeBulk },
    refusals: [1002, 1031],
  },
  get: { tag, summary: "A volume", responses: { 200: responses.volume }, refusals: [3000] },
  deactivate: {
    tag,
    summary: "Delete a volume",
    description: "Refused while the volume has active snapshot sessions or linked targets.",
    query: {
      type: {
        description: "`FULL` (the default) or `VIPR_ONLY`",
        schema: { type: "string", enum: ["FULL", "VIPR_ONLY"] },
      },
    },
    responses: { 202: taskResponse("Accepted") },
    refusals: [3000, 2001, 1008, 1013, 1056],
  },
  snapshots: {
    tag,
    summary: "The volume's linked targets (linked or being linked)",
    responses: { 200: responses.snapshotList },
    refusals: [3000],
  },
  tasks: {
    tag,
    summary: "The volume's tasks",
    responses: { 200: taskListResponse("The volume's tasks") },
    refusals: [3000],
  },
  task: { tag, summary: "One task of the volume", responses: { 200: taskResponse("The task") }, refusals: [3000] },
} satisfies Record<string, OperationDocs>;
