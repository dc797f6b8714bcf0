import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiRefusal, NotLoggedIn, ServiceUnreachable } from "../../../src/cli/cli-errors.js";
import { ExitCode } from "../../../src/cli/exit-codes.js";
import { ApiClient } from "../../../src/cli/http/api-client.js";

/** An HTTP server answering each path with a fixed status and body, recording the token it was sent. */
describe("ApiClient", () => {
  let server: Server;
  let url: string;
  const tokens: (string | undefined)[] = [];
  const answers: Record<string, [number, string]> = {
    "/ok": [200, '{"user":"root"}'],
    "/refused": [
      400,
      '{"code":1008,"description":"Parameter was provided but invalid","details":"Nope.","retryable":false}',
    ],
    "/unauthenticated": [
      401,
      '{"code":4000,"description":"Invalid credentials or authentication token provided to access to this resource","details":"The authentication token is not valid or has expired","retryable":false}',
    ],
    "/unavailable": [503, '{"code":6000,"description":"Unable to connect to the service","retryable":true}'],
    "/html": [502, "<html>bad gateway</html>"],
  };
  /** Paths answered with headers of their own, or not at all. */
  const specialAnswers: Record<string, (response: ServerResponse) => void> = {
    "/unavailable-for-30-s": (response) =>
      response
        .writeHead(503, { "Content-Type": "application/json", "Retry-After": "30" })
        .end('{"code":6000,"description":"Unable to connect to the service","retryable":true}'),
    "/hang-up": (response) => response.socket?.destroy(),
    "/silent": () => {},
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      tokens.push(request.headers["x-sds-auth-token"] as string | undefined);
      const special = specialAnswers[request.url ?? ""];
      if (special) return special(response);
      const [status, body] = answers[request.url ?? ""] ?? [404, ""];
      response.writeHead(status, { "Content-Type": "application/json" }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = (token?: string) => new ApiClient({ url, insecure: false }, token);

  it("sends the token and parses the JSON answer", async () => {
    expect(await client("tok").getJson("/ok")).toEqual({ user: "root" });
    expect(tokens.at(-1)).toBe("tok");
  });

  it("turns an error status into the failure whose exit code says what happened", async () => {
    const refused = await failureOf(client("tok").getJson("/refused"));
    expect(refused).toBeInstanceOf(ApiRefusal);
    expect(refused.exitCode).toBe(ExitCode.API_REFUSED);
    expect(refused.message).toContain("Error 1008: Parameter was provided but invalid\n  Nope.");
    expect(refused.answer).toMatchObject({ code: 1008, details: "Nope." });

    const expired = await failureOf(client("tok").getJson("/unauthenticated"));
    expect(expired).toBeInstanceOf(NotLoggedIn);
    expect(expired.exitCode).toBe(ExitCode.NOT_LOGGED_IN);
    expect(expired.message).toContain("The authentication token is not valid or has expired");

    const anonymous = await failureOf(client().getJson("/unauthenticated"));
    expect(anonymous.message).toContain(`Not logged in to ${url}`);

    const unavailable = await failureOf(client("tok").getJson("/unavailable"));
    expect(unavailable).toBeInstanceOf(ServiceUnreachable);
    expect(unavailable.exitCode).toBe(ExitCode.SERVICE_UNREACHABLE);
    expect(unavailable.transient).toBe(true);
    expect(unavailable.retryAfterMs).toBeUndefined();

    const html = await failureOf(client("tok").getJson("/html"));
    expect(html).toBeInstanceOf(ApiRefusal);
    expect(html.message).toBe("HTTP 502: <html>bad gateway</html>");
  });

  it("reports a connection refused as unreachable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failureOf(
      new ApiClient({ url: `http://127.0.0.1:${port}`, insecure: false }, "tok").getJson("/ok"),
    );
    expect(error).toBeInstanceOf(ServiceUnreachable);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.transient).toBe(true);
  });

  it("tells a service away for a while (503 with its Retry-After, a dropped connection, no answer in time)", async () => {
    const unavailable = await failureOf(client("tok").getJson("/unavailable-for-30-s"));
    expect(unavailable).toMatchObject({ transient: true, retryAfterMs: 30_000, answer: { code: 6000 } });

    const hungUp = await failureOf(client("tok").getJson("/hang-up"));
    expect(hungUp).toBeInstanceOf(ServiceUnreachable);
    expect(hungUp.message).toContain("ECONNRESET");
    expect(hungUp.transient).toBe(true);

    const silent = await failureOf(new ApiClient({ url, insecure: false }, "tok", 50).getJson("/silent"));
    expect(silent).toBeInstanceOf(ServiceUnreachable);
    expect(silent.message).toContain("no answer within 0.05 s");
    expect(silent.transient).toBe(true);
  });
});

function failureOf(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}
