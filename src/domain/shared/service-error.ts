import { formatMessage } from "./message-format.js";
import { type ServiceCode, serviceCodeDescriptions } from "./service-code.js";

/**
 * An expected refusal: the request or operation is not allowed, for a reason the client
 * can read. Carries the ViPR service code and the formatted details.
 */
export class ServiceError extends Error {
  readonly description: string;

  constructor(
    readonly code: ServiceCode,
    readonly details: string,
    readonly retryable = false,
  ) {
    super(details);
    this.name = "ServiceError";
    this.description = serviceCodeDescriptions[code];
  }

  static of(code: ServiceCode, template: string, ...args: unknown[]): ServiceError {
    return new ServiceError(code, formatMessage(template, args));
  }
}

/** A broken invariant: a bug, never a client's fault. */
export class InvariantViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvariantViolation";
  }
}
