import type { OperationDocs } from "../operation-docs.js";
import { responses, taskListResponse } from "../responses.js";

const tag: OperationDocs["tag"] = "Linked targets";

export const linkedTargetOperations = {
  get: {
    tag,
    summary: "A linked target (a block snapshot)",
    description:
      "Also carries `copy_mode` and `link_state` (simulator additions): follow a copy's `percent_copied` here.",
    responses: { 200: responses.linkedTarget },
    refusals: [3000],
  },
  deactivate: {
    tag,
    summary: "Delete a linked target (unlink it and delete its device)",
    responses: { 202: taskListResponse("Accepted") },
    refusals: [3000, 2001, 1013, 1056],
  },
} satisfies Record<string, OperationDocs>;
