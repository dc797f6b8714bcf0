import http from "node:http";
import https from "node:https";
import { ApiRefusal, isViprErrorBody, NotLoggedIn, ServiceUnreachable, type ViprErrorBody } from "../cli-errors.js";

export const AUTH_TOKEN_HEADER = "x-sds-auth-token";

export interface ServerEndpoint {
  /** Base URL, e.g. `http://localhost:8080`. */
  readonly url: string;
  /** Accept a certificate that does not verify (the service's self-signed one). */
  readonly insecure: boolean;
}

export interface ApiRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** Sent as `application/json`. */
  readonly json?: unknown;
  /** Sent as `application/octet-stream`. */
  readonly bytes?: Uint8Array;
  /** HTTP Basic credentials instead of the token (login). */
  readonly basic?: { readonly user: string; readonly password: string };
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

const REQUEST_TIMEOUT_MS = 60_000;

/** A connection refused (nothing listening: the service restarting) or dropped ("socket hang up" included). */
const TRANSIENT_CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET"]);

class NoAnswerInTime extends Error {}

const UNTRUSTED_CERTIFICATE_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/**
 * The service's HTTP API, spoken in JSON. Every error status becomes a `CliError`: 401 →
 * `NotLoggedIn`, 503 → `ServiceUnreachable`, any other → `ApiRefusal` carrying the ViPR error body.
 */
export class ApiClient {
  constructor(
    readonly endpoint: ServerEndpoint,
    private readonly token?: string,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {}

  async getJson<T>(path: string, query?: ApiRequest["query"]): Promise<T> {
    return parseJson<T>(await this.send({ method: "GET", path, ...(query ? { query } : {}) }));
  }

  async postJson<T>(path: string, json?: unknown, query?: ApiRequest["query"]): Promise<T> {
    return parseJson<T>(await this.send({ method: "POST", path, json, ...(query ? { query } : {}) }));
  }

  async putJson<T>(path: string, json: unknown): Promise<T> {
    return parseJson<T>(await this.send({ method: "PUT", path, json }));
  }

  async send(request: ApiRequest): Promise<ApiResponse> {
    const response = await this.exchange(request);
    if (response.status < 400) return response;
    const text = response.body.toString("utf8");
    const body = viprErrorOf(text);
    if (response.status === 401 && request.basic === undefined && this.token === undefined) {
      throw new NotLoggedIn(`Not logged in to ${this.endpoint.url}: run \`coprsim login\` first.`, body);
    }
    if (response.status === 401 && request.basic !== undefined) {
      throw new NotLoggedIn(`${this.endpoint.url} refused the login: ${body?.details ?? "wrong credentials"}.`, body);
    }
    if (response.status === 401) {
      const reason = body?.details ?? "the token was refused";
      throw new NotLoggedIn(`Not authenticated at ${this.endpoint.url} (${reason}): run \`coprsim login\`.`, body);
    }
    if (response.status === 503) {
      const detail = body ? ` ${body.code}: ${body.description}${body.details ? ` (${body.details})` : ""}` : "";
      throw new ServiceUnreachable(`The service at ${this.endpoint.url} is unavailable (503).${detail}`, {
        answer: body,
        transient: true,
        retryAfterMs: retryAfterMs(response.headers["retry-after"]),
      });
    }
    throw new ApiRefusal(response.status, body, text);
  }

  private exchange(request: ApiRequest): Promise<ApiResponse> {
    const url = requestUrl(this.endpoint.url, request);
    const headers: Record<string, string> = { Accept: "application/json" };
    let payload: Buffer | undefined;
    if (request.bytes !== undefined) {
      headers["Content-Type"] = "application/octet-stream";
      payload = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    } else if (request.json !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = Buffer.from(JSON.stringify(request.json), "utf8");
    }
    if (payload !== undefined) headers["Content-Length"] = String(payload.byteLength);
    if (request.basic) {
      const credentials = Buffer.from(`${request.basic.user}:${request.basic.password}`, "utf8").toString("base64");
      headers.Authorization = `Basic ${credentials}`;
    } else if (this.token !== undefined) {
      headers[AUTH_TOKEN_HEADER] = this.token;
    }
    const transport = url.protocol === "https:" ? https : http;
    const options: https.RequestOptions = { method: request.method, headers, timeout: this.timeoutMs };
    if (url.protocol === "https:") options.rejectUnauthorized = !this.endpoint.insecure;

    return new Promise((resolve, reject) => {
      const outgoing = transport.request(url, options, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", (error) => reject(this.unreachable(error)));
        incoming.on("end", () =>
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }),
        );
      });
      outgoing.on("timeout", () => outgoing.destroy(new NoAnswerInTime(`no answer within ${this.timeoutMs / 1000} s`)));
      outgoing.on("error", (error) => reject(this.unreachable(error)));
      outgoing.end(payload);
    });
  }

  private unreachable(error: Error & { code?: string }): ServiceUnreachable {
    if (error.code !== undefined && UNTRUSTED_CERTIFICATE_CODES.has(error.code)) {
      return new ServiceUnreachable(
        `Cannot reach ${this.endpoint.url}: its TLS certificate is not trusted (${error.code}). ` +
          "For the service's self-signed certificate, pass --insecure.",
      );
    }
    const transient =
      error instanceof NoAnswerInTime || (error.code !== undefined && TRANSIENT_CONNECTION_CODES.has(error.code));
    return new ServiceUnreachable(`Cannot reach ${this.endpoint.url}: ${error.code ?? error.message}`, { transient });
  }
}

function requestUrl(base: string, request: ApiRequest): URL {
  const url = new URL(base.replace(/\/+$/, "") + request.path);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url;
}

/** `Retry-After` as delay-seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function viprErrorOf(text: string): ViprErrorBody | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isViprErrorBody(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function parseJson<T>(response: ApiResponse): T {
  if (response.body.byteLength === 0) return undefined as T;
  const text = response.body.toString("utf8");
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiRefusal(response.status, undefined, `expected JSON, got: ${text}`);
  }
}
