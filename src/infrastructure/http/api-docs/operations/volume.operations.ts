import { bulkIdsBody, volumeCreateBody } from "../../requests/request-bodies.js";
import type { OperationDocs } from "../operation-docs.js";
import { responses, taskListResponse, taskResponse } from "../responses.js";
import { sampleIds } from "../samples.js";
import { searchQuery } from "./search-query.js";

const tag: OperationDocs["tag"] = "Volumes";

export const volumeOperations = {
  create: {
    tag,
    summary: "Create block volumes",
    description:
      "`size` is `1GB`, `512MB`, or bytes; with `count` > 1 the volumes are named `name-1`…`name-n`. One task per " +
      "volume. A name an active volume of the project has (any case) is refused (400/1008).",
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
    summary: "Search volumes by name prefix, project, tag, WWN or virtual array",
    query: {
      ...searchQuery("volume"),
      wwn: { description: "the volume's WWN, any case" },
      virtual_array: { description: "the URN of the volume's virtual array" },
      personality: { description: "`SOURCE`, `TARGET` or `METADATA` (no volume here has one: finds nothing)" },
      protection: { description: "`true`, `false`, `rp`, `srdf`, `vplex` or `ha` (no volume here is protected)" },
    },
    responses: { 200: responses.volumeSearch },
    refusals: [1005, 1008, 1013, 3000],
  },
  ids: {
    tag,
    summary: "Ids of every active volume (SYSTEM_MONITOR)",
    responses: { 200: responses.volumeIds },
    refusals: [3000],
  },
  bulk: {
    tag,
    summary: "Volumes by id",
    description: "Ids that name no volume are left out, as are volumes the caller may not read.",
    body: {
      kind: "described",
      body: bulkIdsBody,
      examples: { ids: { summary: "one id", json: { id: [sampleIds.volume] } } },
    },
    responses: { 200: responses.volumeBulk },
    refusals: [1031],
  },
  get: { tag, summary: "A volume", responses: { 200: responses.volume }, refusals: [3000, 1008] },
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
    refusals: [3000, 1008],
  },
  tasks: {
    tag,
    summary: "The volume's tasks",
    responses: { 200: taskListResponse("The volume's tasks") },
    refusals: [3000],
  },
  task: {
    tag,
    summary: "One task of the volume, by op id or task URN",
    responses: { 200: taskResponse("The task") },
    refusals: [3000, 1008],
  },
} satisfies Record<string, OperationDocs>;
