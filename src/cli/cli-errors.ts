import { ExitCode } from "./exit-codes.js";

/** A failure the command reports on stderr and turns into its exit status. */
export abstract class CliError extends Error {
  abstract readonly exitCode: ExitCode;
  /** The API's JSON answer behind the failure, printed on stdout with --json. */
  readonly answer: unknown = undefined;
}

/** The ViPR error body: `{"code":1008,"description":"…","details":"…","retryable":false}`. */
export interface ViprErrorBody {
  readonly code: number;
  readonly description: string;
  readonly details?: string;
  readonly retryable?: boolean;
}

export function isViprErrorBody(value: unknown): value is ViprErrorBody {
  const body = value as Partial<ViprErrorBody> | null;
  return (
    typeof body === "object" && body !== null && typeof body.code === "number" && typeof body.description === "string"
  );
}

/** The API answered with an error status (other than 401 and 503); `body` when it was a ViPR error. */
export class ApiRefusal extends CliError {
  readonly exitCode = ExitCode.API_REFUSED;
  override readonly answer: ViprErrorBody | undefined;
  constructor(
    readonly status: number,
    body: ViprErrorBody | undefined,
    text = "",
  ) {
    super(
      body ? `${describeViprError(body)}\n  (HTTP ${status})` : `HTTP ${status}: ${text.slice(0, 500) || "(no body)"}`,
    );
    this.answer = body;
  }
}

/** 401: no token, an expired one, or refused credentials. */
export class NotLoggedIn extends CliError {
  readonly exitCode = ExitCode.NOT_LOGGED_IN;
  constructor(
    message: string,
    override readonly answer: ViprErrorBody | undefined = undefined,
  ) {
    super(message);
  }
}

/** What is known of a service that did not answer, beyond the message. */
export interface Unanswered {
  /** The 503's ViPR error body. */
  readonly answer?: ViprErrorBody;
  /**
   * The service may answer again soon: it answered 503, refused or dropped the connection, or did not
   * answer in time (as while it restarts or its database is down), rather than, say, an untrusted certificate.
   */
  readonly transient?: boolean;
  /** The 503's `Retry-After`, in milliseconds. */
  readonly retryAfterMs?: number;
}

/** The service could not be reached (connection, TLS, timeout) or answered 503. */
export class ServiceUnreachable extends CliError {
  readonly exitCode = ExitCode.SERVICE_UNREACHABLE;
  override readonly answer: ViprErrorBody | undefined;
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, unanswered: Unanswered = {}) {
    super(message);
    this.answer = unanswered.answer;
    this.transient = unanswered.transient === true;
    this.retryAfterMs = unanswered.retryAfterMs;
  }
}

/** A bad option or argument, or a name that resolves to no resource or to several. */
export class UsageError extends CliError {
  readonly exitCode = ExitCode.USAGE;
}

/** A task the command followed ended in `error`; `answer` is the task. */
export class TaskFailed extends CliError {
  readonly exitCode = ExitCode.TASK_FAILED;
  constructor(
    message: string,
    override readonly answer: unknown,
  ) {
    super(message);
  }
}

export function describeViprError(body: ViprErrorBody): string {
  const lines = [`Error ${body.code}: ${body.description}`];
  if (body.details) lines.push(`  ${body.details}`);
  if (body.retryable) lines.push("  (retryable: try again later)");
  return lines.join("\n");
}
