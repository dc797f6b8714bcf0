import { ServiceCode } from "../shared/service-code.js";
import { ServiceError } from "../shared/service-error.js";

/** Refusals of the tenancy operations (subtenants, projects, role assignments, ACLs). */
export const TenancyErrors = {
  /** Subtenants are created under, and listed of, the root (provider) tenant only. */
  parentTenantIsNotRoot: () =>
    ServiceError.of(ServiceCode.PARAMETER_INVALID, "Subtenants can only be created under the root tenant."),
  notSupportedForSubtenants: () =>
    ServiceError.of(ServiceCode.METHOD_NOT_SUPPORTED, "This operation is not supported for subtenants."),
  /** A subject that is not a local user who may hold the privilege or role there. */
  invalidSubject: (subjectId: string, tenantId: string) =>
    ServiceError.of(
      ServiceCode.PARAMETER_INVALID,
      "Invalid value {0} for parameter subject_id: no user of tenant {1} has that name.",
      subjectId,
      tenantId,
    ),
};
