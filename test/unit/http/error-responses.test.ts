import { describe, expect, it } from "vitest";
import { ConcurrencyConflict } from "../../../src/application/ports/concurrency-conflict.js";
import { ServiceCode, serviceCodeDescriptions } from "../../../src/domain/shared/service-code.js";
import { InvariantViolation, ServiceError } from "../../../src/domain/shared/service-error.js";
import { ViprErrors } from "../../../src/domain/shared/vipr-errors.js";
import { UnsupportedMediaType } from "../../../src/infrastructure/http/codecs/raw-body.js";
import { NotAcceptable } from "../../../src/infrastructure/http/codecs/reply.js";
import {
  AuthenticationRequired,
  errorResponseFor,
  isDatabaseConnectionFailure,
} from "../../../src/infrastructure/http/error-responses.js";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("errorResponseFor", () => {
  it.each([
    [ServiceCode.URI_INVALID, 400],
    [ServiceCode.PARAMETER_NOT_FOUND, 400],
    [ServiceCode.PARAMETER_MISSING, 400],
    [ServiceCode.PARAMETER_INACTIVE, 400],
    [ServiceCode.METHOD_NOT_SUPPORTED, 405],
    [ServiceCode.PARAMETER_INVALID, 400],
    [ServiceCode.BAD_REQUEST_BODY, 400],
    [ServiceCode.PARAMETER_OUT_OF_RANGE, 400],
    [ServiceCode.LIMIT_EXCEEDED, 400],
    [ServiceCode.RESOURCE_BUSY, 400],
    [ServiceCode.ENTITY_NOT_FOUND, 404],
    [ServiceCode.ENTITY_INACTIVE, 404],
    [ServiceCode.FORBIDDEN, 403],
    [ServiceCode.UNSUPPORTED_MEDIA_TYPE, 415],
    [ServiceCode.UNAUTHENTICATED, 401],
  ])("answers service code %i with HTTP %i and the error's own body", (code, status) => {
    const response = errorResponseFor(new ServiceError(code, "details here"));
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ code, details: "details here", retryable: false });
    expect(response.unexpected).toBe(false);
  });

  it("keeps the fixed description of the code", () => {
    expect(errorResponseFor(ViprErrors.invalidUri("x")).body).toEqual({
      code: 1002,
      description: "URI parameter is invalid",
      details: "Parameter x is not a valid URI",
      retryable: false,
    });
  });

  it("answers 6000 with 503 and Retry-After: 30, not retryable (no refusal of the API is)", () => {
    const response = errorResponseFor(new ServiceError(ServiceCode.SERVICE_UNAVAILABLE, "down"));
    expect(response).toMatchObject({
      status: 503,
      headers: { "Retry-After": "30" },
      body: { code: 6000, retryable: false },
    });
  });

  it.each([
    [1003, "Unsupported or missing media type"],
    [4000, "Invalid credentials or authentication token provided to access to this resource"],
    [5101, "A general error occurred in the controller during a block operation"],
    [8500, "Unable to connect to the database service"],
    [12000, "An error occurred while executing the job"],
    [16001, "Unable to contact the SMIS provider"],
    [1013, "Bad request body"],
    [1056, "Operation not allowed because there is another task updating this resource"],
  ])("describes code %i as the real controller's ServiceCode.properties does", (code, description) => {
    expect(serviceCodeDescriptions[code as ServiceCode]).toBe(description);
  });

  it("answers a missing or bad token with 401 and the Basic challenge", () => {
    expect(errorResponseFor(new AuthenticationRequired("No credentials were specified"))).toMatchObject({
      status: 401,
      headers: { "WWW-Authenticate": 'basic realm="ViPR"' },
      body: {
        code: 4000,
        description: "Invalid credentials or authentication token provided to access to this resource",
        details: "No credentials were specified",
        retryable: false,
      },
    });
  });

  it("answers a concurrent change of the resource with 400/1056, not retryable", () => {
    expect(errorResponseFor(new ConcurrencyConflict("BlockSnapshotSession", "urn:x"))).toMatchObject({
      status: 400,
      body: { code: 1056, retryable: false },
      unexpected: false,
    });
  });

  it.each([
    ["pg, server down", withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")],
    ["pg, admin shutdown", withCode("terminating connection due to administrator command", "57P01")],
    ["pg, connection failure class 08", withCode("connection failure", "08006")],
    ["pg, connection terminated", new Error("Connection terminated unexpectedly")],
    [
      "TypeORM wrapping pg",
      Object.assign(new Error("Query failed"), { driverError: withCode("connection does not exist", "08003") }),
    ],
    ["a cause chain", new Error("load failed", { cause: withCode("connect ECONNREFUSED ::1:5432", "ECONNREFUSED") })],
    ["several addresses refused", new AggregateError([withCode("refused", "ECONNREFUSED")], "connect failed")],
    ["pg-pool, no connection in time", new Error("timeout exceeded when trying to connect")],
    ["pg, a silent server", new Error("Query read timeout")],
    ["pg, statement_timeout", withCode("canceling statement due to statement timeout", "57014")],
    ["pg, server full", withCode("sorry, too many clients already", "53300")],
    [
      "TypeORM, the transaction's connection died",
      Object.assign(new Error("Query runner already released. Cannot run queries anymore."), {
        name: "QueryRunnerAlreadyReleasedError",
      }),
    ],
  ])("answers a lost database (%s) with 503/8500, retryable, Retry-After: 30", (_case, error) => {
    expect(isDatabaseConnectionFailure(error)).toBe(true);
    expect(errorResponseFor(error)).toEqual({
      status: 503,
      headers: { "Retry-After": "30" },
      body: {
        code: 8500,
        description: "Unable to connect to the database service",
        details: expect.any(String),
        retryable: true,
      },
      unexpected: false,
    });
  });

  it("does not take other database errors for a lost connection", () => {
    expect(isDatabaseConnectionFailure(withCode('duplicate key value violates unique constraint "x"', "23505"))).toBe(
      false,
    );
    expect(isDatabaseConnectionFailure(withCode("canceling statement due to user request", "57014"))).toBe(false);
    expect(errorResponseFor(withCode("syntax error", "42601")).status).toBe(500);
  });

  it.each([
    ["a body too large", withCode("Request body is too large", "FST_ERR_CTP_BODY_TOO_LARGE"), 413, 1013],
    ["an unsupported media type", withCode("Unsupported Media Type", "FST_ERR_CTP_INVALID_MEDIA_TYPE"), 415, 1003],
    [
      "a wrong content length",
      Object.assign(withCode("Request body size did not match", "FST_ERR_CTP_INVALID_CONTENT_LENGTH"), {
        statusCode: 400,
      }),
      400,
      1013,
    ],
  ])("answers fastify's refusal of %s with %i/%i", (_case, error, status, code) => {
    expect(errorResponseFor(error)).toMatchObject({ status, body: { code }, unexpected: false });
  });

  it("answers a body without a Content-Type, or with another than JSON or XML, with 415/1003", () => {
    expect(errorResponseFor(new UnsupportedMediaType(undefined))).toMatchObject({
      status: 415,
      body: { code: 1003, description: "Unsupported or missing media type", retryable: false },
    });
    expect(errorResponseFor(new UnsupportedMediaType("text/plain")).body.code).toBe(1003);
  });

  it("answers an Accept that takes neither XML nor JSON with 406 and the unexpected-error code", () => {
    expect(errorResponseFor(new NotAcceptable("text/plain"))).toMatchObject({
      status: 406,
      body: { code: 999, retryable: false },
      unexpected: false,
    });
  });

  it.each([
    ["a broken invariant", new InvariantViolation("session without source"), "session without source"],
    ["any other error", new TypeError("x is undefined"), "x is undefined"],
  ])("answers %s with 500/999, the failure's message as details, and marks it for the log", (_case, error, details) => {
    const description = "An unexpected error occurred, please check the ViPR logs for more information";
    expect(errorResponseFor(error)).toEqual({
      status: 500,
      headers: {},
      body: { code: 999, description, details, retryable: false },
      unexpected: true,
    });
  });

  it.each([
    ["a thrown string", "boom"],
    ["an error without a message", new Error("")],
  ])("answers %s with 500/999 and no details, as the real controller does", (_case, error) => {
    const response = errorResponseFor(error);
    expect(response).toMatchObject({ status: 500, body: { code: 999, retryable: false }, unexpected: true });
    expect(response.body.details).toBeUndefined();
  });
});
