/** A small ViPR API client for tests: logs in, sends JSON or XML, polls tasks. */
export interface ViprResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export class ViprClient {
  private token: string | undefined;
  private sent = 0;

  /**
   * `requestIdPrefix`: every request carries `X-Request-Id: <prefix><n>`, which the service logs
   * as the request's `reqId`, so a test reading the service's log can tell this client's
   * requests from another's.
   */
  constructor(
    readonly baseUrl: string,
    private readonly options: { readonly requestIdPrefix?: string } = {},
  ) {}

  private requestIdHeader(): Record<string, string> {
    const prefix = this.options.requestIdPrefix;
    return prefix === undefined ? {} : { "x-request-id": `${prefix}${++this.sent}` };
  }

  async login(user = "root", password = "ChangeMe"): Promise<string> {
    const response = await fetch(`${this.baseUrl}/login`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
        accept: "application/json",
        ...this.requestIdHeader(),
      },
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    this.token = response.headers.get("x-sds-auth-token") ?? undefined;
    if (!this.token) throw new Error("login returned no X-SDS-AUTH-TOKEN");
    return this.token;
  }

  get(path: string): Promise<ViprResponse> {
    return this.send("GET", path);
  }

  post(path: string, body?: unknown): Promise<ViprResponse> {
    return this.send("POST", path, body === undefined ? undefined : JSON.stringify(body));
  }

  /** XML in, XML out: the body is returned as text. */
  async postXml(path: string, xml: string): Promise<ViprResponse<string>> {
    return this.send("POST", path, xml, "application/xml");
  }

  async getXml(path: string): Promise<ViprResponse<string>> {
    return this.send("GET", path, undefined, "application/xml");
  }

  async send(method: string, path: string, body?: string, format = "application/json"): Promise<ViprResponse> {
    const headers: Record<string, string> = { accept: format, ...this.requestIdHeader() };
    if (this.token) headers["x-sds-auth-token"] = this.token;
    if (body !== undefined) headers["content-type"] = format;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if (format === "application/json" && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  /** Polls `/vdc/tasks/{id}` until the task is `ready` or `error`. */
  async waitForTask(taskId: string, timeoutMs = 60_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { status, body } = await this.get(`/vdc/tasks/${taskId}`);
      if (status !== 200) throw new Error(`task ${taskId}: HTTP ${status} ${JSON.stringify(body)}`);
      if (body.state === "ready" || body.state === "error") return body;
      if (Date.now() > deadline) throw new Error(`task ${taskId} still ${body.state} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
