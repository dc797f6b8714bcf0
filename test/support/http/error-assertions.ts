import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";

/** The response is a ViPR JSON error body with that status, code and details. */
export function expectViprError(response: LightMyRequestResponse, status: number, code: number, details: string): void {
  expect({ status: response.statusCode, body: response.json() }).toEqual({
    status,
    body: { code, description: expect.any(String), details, retryable: expect.any(Boolean) },
  });
}
