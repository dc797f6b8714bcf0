import type { QueryParameter } from "../operation-docs.js";
import { sampleIds } from "../samples.js";

/** The query parameters every search of project-owned resources takes (docs/api/reads.md, "Search"). */
export function searchQuery(kind: string): Readonly<Record<string, QueryParameter>> {
  return {
    name: {
      description: `the start of the ${kind}'s name, any case, at least 2 characters; may be combined with \`project\` only`,
    },
    project: {
      description: `the project's URN: every ${kind} of the project, or with \`name\` those of its that match`,
      schema: { type: "string", example: sampleIds.project },
    },
    tag: { description: "a tag, at least 2 characters (nothing is tagged here: finds nothing)" },
  };
}
