import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";

/** The most ids one bulk request may name (ViPR's limit). */
export const MAX_BULK_IDS = 4000;

/** `{"id":[...]}` as the client sent it. */
export interface BulkIdsDraft {
  readonly ids?: readonly unknown[] | null;
}

/**
 * The ids of a bulk request, each once: at most 4,000 (400/1031). An id that names nothing of
 * the kind (another type, no URN at all) is simply not found; a value that is not text at all
 * is refused (400/1002).
 */
export function readBulkIds(draft: BulkIdsDraft): string[] {
  const ids = draft.ids ?? [];
  if (ids.length > MAX_BULK_IDS) {
    throw ServiceError.of(
      ServiceCode.LIMIT_EXCEEDED,
      "Exceeding limit of {0}. Max allowed {1}",
      "bulk size",
      MAX_BULK_IDS,
    );
  }
  return [
    ...new Set(
      ids.map((id) => {
        if (typeof id !== "string") throw ViprErrors.invalidUri(JSON.stringify(id));
        return id.trim();
      }),
    ),
  ];
}
