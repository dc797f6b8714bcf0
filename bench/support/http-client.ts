import { Agent, request } from "node:http";

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/**
 * A small keep-alive HTTP/1.1 client on node:http, lighter than fetch: the load generator
 * shares the machine with the servers it measures, so it should cost as little as possible.
 */
export class HttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    readonly baseUrl: string,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  withHeaders(headers: Record<string, string>): HttpClient {
    return new HttpClient(this.baseUrl, { ...this.defaultHeaders, ...headers });
  }

  send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            ...this.defaultHeaders,
            ...headers,
            ...(body === undefined ? {} : { "content-length": Buffer.byteLength(body) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          response.on("error", reject);
        },
      );
      outgoing.setTimeout(60_000, () => outgoing.destroy(new Error(`${method} ${url} timed out`)));
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  async json(method: string, path: string, body?: unknown, expected?: number): Promise<any> {
    const response = await this.send(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      body === undefined
        ? { accept: "application/json" }
        : { accept: "application/json", "content-type": "application/json" },
    );
    if (expected !== undefined && response.status !== expected) {
      throw new Error(`${method} ${path}: HTTP ${response.status} ${response.text.slice(0, 500)}`);
    }
    return response.text ? JSON.parse(response.text) : undefined;
  }

  close(): void {
    this.agent.destroy();
  }
}
