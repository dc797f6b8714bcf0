import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isUrnOfType, type UrnType } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";

/** The most ids one bulk request may name (ViPR's limit). */
export const MAX_BULK_IDS = 4000;

/** `{"id":[...]}` as the client sent it. */
export interface BulkIdsDraft {
  readonly ids?: readonly unknown[] | null;
}

/** The ids of a bulk request: at most 4,000 (400/1031), each a URN of the type (400/1002). */
export function readBulkIds(draft: BulkIdsDraft, type: UrnType): string[] {
  const ids = draft.ids ?? [];
  if (ids.length > MAX_BULK_IDS) {
    throw ServiceError.of(
      ServiceCode.LIMIT_EXCEEDED,
      "A bulk request may name at most {0} ids; this one names {1}.",
      MAX_BULK_IDS,
      ids.length,
    );
  }
  return [
    ...new Set(
      ids.map((id) => {
        const text = typeof id === "string" ? id.trim() : JSON.stringify(id);
        if (!isUrnOfType(text, type)) throw ViprErrors.invalidUri(text);
        return text;
      }),
    ),
  ];
}
