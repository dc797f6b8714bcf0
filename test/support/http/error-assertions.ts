import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";

/** The response is a ViPR JSON error body with that status, code and details (exactly, or matching). */
export function expectViprError(
  response: LightMyRequestResponse,
  status: number,
  code: number,
  details: string | RegExp,
): void {
  expect({ status: response.statusCode, body: response.json() }).toEqual({
    status,
    body: {
      code,
      description: expect.any(String),
      details: typeof details === "string" ? details : expect.stringMatching(details),
      retryable: expect.any(Boolean),
    },
  });
}
