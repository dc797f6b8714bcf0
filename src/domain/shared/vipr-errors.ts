import { ServiceCode } from "./service-code.js";
import { ServiceError } from "./service-error.js";

/** The ViPR messages shared by many operations, named as the real controller names them. */
export const ViprErrors = {
  /** A resource that may not be deleted while another active resource refers to it (ArgValidator.checkReference). */
  hasActiveReferences: (type: string, id: string, referencingType: string) =>
    ServiceError.of(
      ServiceCode.RESOURCE_BEING_REFERENCED,
      "{0} {1} has active references of type {2}",
      type,
      id,
      referencingType,
    ),
  invalidUri: (value: string) => ServiceError.of(ServiceCode.URI_INVALID, "Parameter {0} is not a valid URI", value),
  unableToFindEntityInURL: (id: string) =>
    ServiceError.of(ServiceCode.ENTITY_NOT_FOUND, "Unable to find entity specified in URL with the given id {0}", id),
  entityInURLIsInactive: (id: string) =>
    ServiceError.of(
      ServiceCode.ENTITY_INACTIVE,
      "Entity specified in URL with the given id {0} is inactive and marked for deletion",
      id,
    ),
  unableToFindEntity: (id: string) =>
    ServiceError.of(ServiceCode.PARAMETER_NOT_FOUND, "Unable to find entity with the given id {0}", id),
  entityInRequestIsInactive: (id: string) =>
    ServiceError.of(
      ServiceCode.PARAMETER_INACTIVE,
      "Entity with the given id {0} is inactive and marked for deletion",
      id,
    ),
  /** Resources (named by their labels, comma-separated) have another task pending: 400/1056. */
  pendingTask: (...labels: string[]) =>
    ServiceError.of(
      ServiceCode.RESOURCE_BUSY,
      "Attempted to execute operation on resource while there are pending tasks against it. The following resources have pending tasks against them: {0}. Please retry when there are no pending tasks for the resources.",
      labels.join(","),
    ),
  requiredParameterMissingOrEmpty: (name: string) =>
    ServiceError.of(ServiceCode.PARAMETER_MISSING, "Required parameter {0} was missing or empty", name),
  invalidParameter: (name: string, value: unknown) =>
    ServiceError.of(ServiceCode.PARAMETER_INVALID, "Invalid value {1} for parameter {0}", name, String(value)),
  parameterTooLong: (name: string, value: string, max: number) =>
    ServiceError.of(
      ServiceCode.PARAMETER_INVALID,
      "Invalid value {1} for parameter {0}, maximum length is {2}",
      name,
      value,
      max,
    ),
  parameterBelowMinimum: (name: string, value: number, minimum: number) =>
    ServiceError.of(
      ServiceCode.PARAMETER_OUT_OF_RANGE,
      "Parameter {0} value {1} is below the minimum {2}",
      name,
      value,
      minimum,
    ),
  duplicateLabel: (label: string) =>
    ServiceError.of(ServiceCode.PARAMETER_INVALID, "A component/resource with the label {0} already exists.", label),
  insufficientPermissions: (user: string) =>
    ServiceError.of(ServiceCode.FORBIDDEN, "Insufficient permissions for user {0}.", user),
  operationNotSupported: (family: string) =>
    ServiceError.of(ServiceCode.METHOD_NOT_SUPPORTED, "Operation not supported for {0}.", family),
};
