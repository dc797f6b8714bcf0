import { Agent, request as httpsRequest } from "node:https";
import { ArrayOperationError } from "../../../application/ports/array-operation-error.js";
import { UNISPHERE_BASE_PATH } from "./unisphere-wire.js";

/** Where a Unisphere is and how to talk to it. The password is never part of a message. */
export interface UnisphereEndpoint {
  /** `https://host:port`, without a path. */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** Check the server's certificate (the default): against the system's CAs and `caCertificate`. */
  readonly verifyTls: boolean;
  /** PEM of the CA certificate(s) to trust besides the system's, or null. */
  readonly caCertificate: string | null;
}

export interface UnisphereHttpOptions {
  /** No answer within this long: the request failed. */
  readonly requestTimeoutMs: number;
  /** Tries of a request that failed without an answer (when it is safe to send again). */
  readonly attempts: number;
  /** Wait before the second try; doubled before each further one. */
  readonly retryDelayMs: number;
}

export const DEFAULT_HTTP_OPTIONS: UnisphereHttpOptions = { requestTimeoutMs: 30_000, attempts: 3, retryDelayMs: 500 };

export interface UnisphereResponse {
  readonly status: number;
  /** The JSON answer, or null when there was none. */
  readonly body: unknown;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

/** Connection errors that happen before a request reaches the server: sending it again is always safe. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Errors of the server's certificate: trying again does not help. */
const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/;

/**
 * HTTPS to one Unisphere, JSON both ways, HTTP Basic on every request (as Unisphere wants:
 * no session), the server's certificate checked unless told not to. Every HTTP answer is
 * returned as it is, refusals included; a request that got no answer is sent again, up to
 * `attempts` times with a doubling delay, when that is safe: when it never left (connection
 * refused, unknown host) or when it only reads. A change that may have reached the array is
 * not sent again: the caller (a workflow step) tries it again later, and every operation
 * of the driver is idempotent.
 * The last failure is an {@link ArrayOperationError} that may be retried later.
 */
export class UnisphereHttp {
  private readonly agent: Agent;
  private readonly origin: URL;
  private readonly authorization: string;

  constructor(
    endpoint: UnisphereEndpoint,
    private readonly options: UnisphereHttpOptions = DEFAULT_HTTP_OPTIONS,
  ) {
    this.origin = new URL(endpoint.url);
    this.authorization = `Basic ${Buffer.from(`${endpoint.user}:${endpoint.password}`).toString("base64")}`;
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 32,
      rejectUnauthorized: endpoint.verifyTls,
      ...(endpoint.caCertificate ? { ca: endpoint.caCertificate } : {}),
    });
  }

  /** The Unisphere's address, for messages. */
  get where(): string {
    return this.origin.origin;
  }

  async request(
    method: Method,
    path: string,
    options: { readonly body?: unknown; readonly query?: Readonly<Record<string, string>> } = {},
  ): Promise<UnisphereResponse> {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
    const fullPath = `${this.origin.pathname.replace(/\/$/, "")}${UNISPHERE_BASE_PATH}${path}${query}`;
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once(method, fullPath, payload);
      } catch (error) {
        const failure = error as TransportFailure;
        if (!(failure instanceof TransportFailure)) throw error;
        if (failure.certificate) {
          throw new ArrayOperationError(
            `The certificate of Unisphere at ${this.where} is not trusted (${failure.code}): give its CA as unisphere_ca_certificate`,
            false,
          );
        }
        const safe = failure.notSent || method === "GET";
        if (!safe || attempt >= this.options.attempts) {
          throw new ArrayOperationError(
            `Unisphere at ${this.where} did not answer ${method} ${path} (${failure.code})`,
            true,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  /** Closes the idle connections kept for reuse. */
  close(): void {
    this.agent.destroy();
  }

  private once(method: Method, path: string, payload: string | undefined): Promise<UnisphereResponse> {
    return new Promise((resolve, reject) => {
      const request = httpsRequest(
        {
          protocol: this.origin.protocol,
          hostname: this.origin.hostname,
          port: this.origin.port || 443,
          path,
          method,
          agent: this.agent,
          headers: {
            Authorization: this.authorization,
            Accept: "application/json",
            "Content-Type": "application/json",
            "Application-Type": "coprsim",
            ...(payload === undefined ? {} : { "Content-Length": Buffer.byteLength(payload) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", (error) => reject(TransportFailure.of(error)));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let body: unknown = null;
            try {
              body = text.trim() === "" ? null : JSON.parse(text);
            } catch {
              body = null;
            }
            resolve({ status: response.statusCode ?? 0, body });
          });
        },
      );
      request.setTimeout(this.options.requestTimeoutMs, () =>
        request.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })),
      );
      request.on("error", (error) => reject(TransportFailure.of(error)));
      request.end(payload);
    });
  }
}

/** A request that got no HTTP answer. */
class TransportFailure extends Error {
  constructor(
    readonly code: string,
    /** The request surely did not reach the server. */
    readonly notSent: boolean,
    readonly certificate: boolean,
  ) {
    super(code);
  }

  static of(error: Error): TransportFailure {
    const code = String((error as NodeJS.ErrnoException).code ?? error.message);
    return new TransportFailure(code, NOT_SENT.has(code), CERTIFICATE.test(code));
  }
}
