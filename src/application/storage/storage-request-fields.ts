import { isUrnOfType } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";
import type { UnitOfWork } from "../ports/unit-of-work.js";
import { isBlank, requiredText } from "../shared/request-fields.js";
import { unknownInBody } from "../shared/resource-access.js";

/** ViPR's limit on the label of a storage resource. */
export const MAX_STORAGE_LABEL_LENGTH = 128;

/** A required label no longer than ViPR allows. */
export function storageLabel(field: string, value: unknown): string {
  const label = requiredText(field, value);
  if (label.length > MAX_STORAGE_LABEL_LENGTH)
    throw ViprErrors.parameterTooLong(field, label, MAX_STORAGE_LABEL_LENGTH);
  return label;
}

/** An optional text field: undefined when blank, 1008 when not text. */
export function optionalText(field: string, value: unknown): string | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value !== "string") throw ViprErrors.invalidParameter(field, JSON.stringify(value));
  return value;
}

/** A list of virtual array URNs that must all exist: 1008 for a malformed one, 1004 for an unknown one. */
export async function existingVirtualArrays(unitOfWork: UnitOfWork, field: string, value: unknown): Promise<string[]> {
  if (isBlank(value)) return [];
  if (!Array.isArray(value)) throw ViprErrors.invalidParameter(field, JSON.stringify(value));
  const ids = [...new Set(value.map((id) => requiredText(field, id)))];
  const malformed = ids.find((id) => !isUrnOfType(id, "VirtualArray"));
  if (malformed !== undefined) throw ViprErrors.invalidParameter(field, malformed);
  await unitOfWork.read(async ({ catalog }) => {
    for (const id of ids) {
      if (!(await catalog.findVirtualArray(id))) throw unknownInBody(id);
    }
  });
  return ids;
}
