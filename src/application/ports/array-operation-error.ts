import { ServiceCode } from "../../domain/shared/service-code.js";

/**
 * The array refused or failed an operation. `nativeMessage` is the array's own text;
 * `retryable` says whether the same call may succeed later (busy, connection lost) or never
 * will (limit reached, wrong state).
 */
export class ArrayOperationError extends Error {
  constructor(
    readonly nativeMessage: string,
    readonly retryable: boolean,
    readonly serviceCode: number = ServiceCode.STORAGE_PROVIDER_ERROR,
  ) {
    super(nativeMessage);
    this.name = "ArrayOperationError";
  }
}
