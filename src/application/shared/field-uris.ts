import { ServiceCode } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import { isValidUrn, type UrnType } from "../../domain/shared/urn.js";
import { ViprErrors } from "../../domain/shared/vipr-errors.js";

/**
 * A body field that must name a resource of the type (`ArgValidator.checkFieldUriType`): missing
 * or null (400/1005), not a URN (400/1008 `Parameter {0} is not a valid URI: {1}`), a URN of another
 * type (400/1008 `Parameter {0} is not a {2} URI: {1}`).
 */
export function requireFieldUriOfType(field: string, value: unknown, type: UrnType): string {
  if (value === undefined || value === null) throw ViprErrors.requiredParameterMissingOrEmpty(field);
  const id = String(value);
  if (!isValidUrn(id)) {
    throw ServiceError.of(ServiceCode.PARAMETER_INVALID, "Parameter {0} is not a valid URI: {1}", field, id);
  }
  if (!id.startsWith(`urn:storageos:${type}`)) {
    throw ServiceError.of(ServiceCode.PARAMETER_INVALID, "Parameter {0} is not a {2} URI: {1}", field, id, type);
  }
  return id;
}
