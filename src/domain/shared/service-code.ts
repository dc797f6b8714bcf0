/**
 * The ViPR service codes this controller answers with, and their fixed descriptions (the real
 * controller's ServiceCode.properties; docs/api/conventions.md, "Service codes"). The HTTP
 * status of each code is decided where errors leave the process (the HTTP layer).
 */
export const ServiceCode = {
  URI_INVALID: 1002,
  UNSUPPORTED_MEDIA_TYPE: 1003,
  PARAMETER_NOT_FOUND: 1004,
  PARAMETER_MISSING: 1005,
  PARAMETER_INACTIVE: 1006,
  METHOD_NOT_SUPPORTED: 1007,
  PARAMETER_INVALID: 1008,
  BAD_REQUEST_BODY: 1013,
  PARAMETER_OUT_OF_RANGE: 1014,
  RESOURCE_BEING_REFERENCED: 1020,
  LIMIT_EXCEEDED: 1031,
  RESOURCE_BUSY: 1056,
  ENTITY_NOT_FOUND: 2000,
  ENTITY_INACTIVE: 2001,
  FORBIDDEN: 3000,
  UNAUTHENTICATED: 4000,
  BLOCK_CONTROLLER_ERROR: 5101,
  SERVICE_UNAVAILABLE: 6000,
  DATABASE_UNREACHABLE: 8500,
  WORKFLOW_STEP_ERROR: 12000,
  STORAGE_PROVIDER_ERROR: 16001,
  UNEXPECTED: 999,
} as const;

export type ServiceCode = (typeof ServiceCode)[keyof typeof ServiceCode];

export const serviceCodeDescriptions: Readonly<Record<ServiceCode, string>> = {
  1002: "URI parameter is invalid",
  1003: "Unsupported or missing media type",
  1004: "Request parameter cannot be found",
  1005: "Required parameter is missing or empty",
  1006: "Request parameter is inactive and marked for deletion",
  1007: "Method not supported",
  1008: "Parameter was provided but invalid",
  1013: "Bad request body",
  1014: "Parameter value not within range",
  1020: "Resource is being referenced",
  1031: "Exceeding limit",
  1056: "Operation not allowed because there is another task updating this resource",
  2000: "Unable to find entity in request URL",
  2001: "URI parameter is inactive and marked for deletion",
  3000: "This operation is forbidden for this resource using the specified credentials",
  4000: "Invalid credentials or authentication token provided to access to this resource",
  5101: "A general error occurred in the controller during a block operation",
  6000: "Unable to connect to the service. The service is unavailable, try again later",
  8500: "Unable to connect to the database service",
  12000: "An error occurred while executing the job",
  16001: "Unable to contact the SMIS provider",
  999: "An unexpected error occurred, please check the ViPR logs for more information",
};
