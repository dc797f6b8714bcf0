import type { OperationDocs } from "../operation-docs.js";
import { taskListResponse, taskResponse } from "../responses.js";
import { sampleIds } from "../samples.js";

const tag: OperationDocs["tag"] = "Tasks";

export const taskOperations = {
  list: {
    tag,
    summary: "A tenant's tasks, newest first",
    query: {
      tenant: {
        description: "the tenant's URN (the caller's by default)",
        schema: { type: "string", example: sampleIds.tenant },
      },
      max_count: { description: "at most this many tasks", schema: { type: "integer", minimum: 1 } },
    },
    responses: { 200: taskListResponse("The tasks") },
    refusals: [1002, 1008, 3000],
  },
  get: {
    tag,
    summary: "A task: the canonical way to poll an asynchronous operation",
    responses: { 200: taskResponse("The task: `pending` or `queued` until it ends `ready` or `error`") },
    refusals: [3000],
  },
} satisfies Record<string, OperationDocs>;
