import { formatMessage } from "../../domain/shared/message-format.js";
import { ServiceCode, serviceCodeDescriptions } from "../../domain/shared/service-code.js";
import { ServiceError } from "../../domain/shared/service-error.js";
import type { TaskServiceError } from "../../domain/tasks/task.js";
import { ArrayOperationError } from "../ports/array-operation-error.js";

/** How a step's error reads in a task's `service_error`. */
export function stepFailure(error: unknown): TaskServiceError {
  if (error instanceof ArrayOperationError) {
    const code = error.serviceCode;
    const template =
      code === ServiceCode.STORAGE_PROVIDER_ERROR
        ? "Unable to call Storage Provider successfully. Caused by: {0}"
        : "Operation failed due to the following error: {0}";
    return {
      code,
      description:
        serviceCodeDescriptions[code as ServiceCode] ?? serviceCodeDescriptions[ServiceCode.WORKFLOW_STEP_ERROR],
      details: formatMessage(template, [error.nativeMessage]),
      retryable: error.retryable,
    };
  }
  if (error instanceof ServiceError) {
    return { code: error.code, description: error.description, details: error.details, retryable: error.retryable };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: ServiceCode.WORKFLOW_STEP_ERROR,
    description: serviceCodeDescriptions[ServiceCode.WORKFLOW_STEP_ERROR],
    details: formatMessage("Operation failed due to the following error: {0}", [message]),
    retryable: false,
  };
}
