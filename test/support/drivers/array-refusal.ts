import { expect } from "vitest";
import { ArrayOperationError } from "../../../src/application/ports/array-operation-error.js";

/** The ArrayOperationError the operation rejects with; fails the test if it resolves or rejects otherwise. */
export async function arrayRefusal(operation: Promise<unknown>): Promise<ArrayOperationError> {
  const error = await operation.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ArrayOperationError);
  return error as ArrayOperationError;
}
