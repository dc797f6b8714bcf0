import { ArrayOperationError } from "../../../application/ports/array-operation-error.js";
import { UNFINISHED_JOB_STATUSES, type UnisphereJob } from "./system-wire.js";
import type { UnisphereHttp } from "./unisphere-http.js";
import { refusal } from "./unisphere-refusals.js";

export interface JobPollingOptions {
  /** First wait before looking at a job again; doubled up to `maxJobPollIntervalMs`. */
  readonly jobPollIntervalMs: number;
  readonly maxJobPollIntervalMs: number;
  /** A job not finished after this long fails (retryable): the array may still finish it. */
  readonly jobTimeoutMs: number;
}

/** An answer of Unisphere: its HTTP status and its JSON. */
export interface UnisphereAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * One Unisphere as the array client talks to it, over {@link UnisphereHttp}: a refusal becomes
 * an error (unisphere-refusals.ts) and the job of an asynchronous change is waited for.
 */
export class UnisphereConnection {
  constructor(
    private readonly http: UnisphereHttp,
    private readonly options: JobPollingOptions,
  ) {}

  /** The Unisphere's address, for messages. */
  get where(): string {
    return this.http.where;
  }

  /** Closes the connections kept for reuse. */
  close(): void {
    this.http.close();
  }

  /**
   * One request; refusals become errors (a 404 too, unless accepted). A 202's job is the body;
   * see {@link finished}.
   */
  async send(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    options: { body?: unknown; query?: Record<string, string>; accept?: readonly number[] } = {},
  ): Promise<UnisphereAnswer> {
    const answer = await this.http.request(method, path, options);
    if (answer.status >= 200 && answer.status < 300) return answer;
    if (options.accept?.includes(answer.status)) return answer;
    const message = messageOf(answer.body) ?? `HTTP ${answer.status}`;
    if (answer.status === 401 || answer.status === 403) {
      throw new ArrayOperationError(
        `Unisphere at ${this.http.where} refused the credentials of the configured user (HTTP ${answer.status}: ${message})`,
        false,
      );
    }
    throw refusal(message, answer.status);
  }

  /**
   * Waits for the job of a 202 (nothing to wait for otherwise): polls `system/job/{id}` after
   * `jobPollIntervalMs`, doubling up to `maxJobPollIntervalMs`, until it succeeds, fails (its
   * `result` is the array's text of the refusal) or `jobTimeoutMs` has passed.
   */
  async finished(version: string, answer: UnisphereAnswer): Promise<UnisphereJob | null> {
    if (answer.status !== 202) return null;
    let job = answer.body as UnisphereJob;
    const deadline = Date.now() + this.options.jobTimeoutMs;
    let wait = this.options.jobPollIntervalMs;
    while (UNFINISHED_JOB_STATUSES.includes(String(job.status).toLowerCase())) {
      if (Date.now() + wait > deadline) {
        throw new ArrayOperationError(
          `Job ${job.jobId} (${job.name}) did not finish within ${this.options.jobTimeoutMs / 1000} s on Unisphere at ${this.http.where}`,
          true,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, this.options.maxJobPollIntervalMs);
      job = (await this.send("GET", `/${version}/system/job/${encode(job.jobId)}`)).body as UnisphereJob;
    }
    if (String(job.status).toLowerCase() !== "succeeded")
      throw refusal(job.result || `Job ${job.jobId} ${job.status}`, 400);
    return job;
  }
}

/** A name as one segment of a request's path. */
export function encode(segment: string): string {
  return encodeURIComponent(segment);
}

function messageOf(body: unknown): string | null {
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === "string" && message !== "" ? message : null;
}
