/** A request as the service's log tells it: what was asked and, once answered, the status. */
export interface ServedRequest {
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
}

interface LogLine {
  readonly reqId?: string;
  readonly req?: { readonly method: string; readonly url: string };
  readonly res?: { readonly statusCode: number };
}

/**
 * The `X-Request-Id` prefix of the requests the tests make themselves, to arrange a case or to
 * check its effect, which are not the client's under test. Their log lines may be written after
 * the test has its answer, so only their id tells them apart.
 */
export const TEST_REQUEST_ID_PREFIX = "clients-test-";

/**
 * The requests in the service's log (its JSON lines at `info`), in the order they arrived, but
 * those the tests made themselves.
 */
export function servedRequests(log: string): ServedRequest[] {
  const asked = new Map<string, { method: string; url: string }>();
  const answered = new Map<string, number>();
  for (const text of log.split("\n")) {
    if (!text.startsWith("{")) continue;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      continue;
    }
    if (line.reqId === undefined || line.reqId.startsWith(TEST_REQUEST_ID_PREFIX)) continue;
    if (line.req) asked.set(line.reqId, { method: line.req.method, url: line.req.url });
    if (line.res) answered.set(line.reqId, line.res.statusCode);
  }
  return [...asked].map(([id, request]) => ({ ...request, status: answered.get(id) }));
}

/** `GET /login 401` is the challenge every login starts with, not a refusal. */
export function isRefusal(request: ServedRequest): boolean {
  const loginChallenge = request.method === "GET" && request.url.startsWith("/login") && request.status === 401;
  return request.status !== undefined && request.status >= 400 && !loginChallenge;
}

export function describeRequest(request: ServedRequest): string {
  return `${request.method} ${request.url} → ${request.status ?? "no answer yet"}`;
}
