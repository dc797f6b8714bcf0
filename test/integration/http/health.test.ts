import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HttpTestApp } from "../../support/http/http-test-app.js";

describe("GET /health/live", () => {
  let t: HttpTestApp;

  beforeEach(() => {
    t = new HttpTestApp();
  });
  afterEach(() => t.close());

  it("answers 200 without a token, for container health checks", async () => {
    const response = await t.app.inject({ method: "GET", url: "/health/live" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("does not open any other route without a token", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/health/other",
      headers: { accept: "application/json" },
    });
    expect(response.statusCode).toBe(401);
  });
});
