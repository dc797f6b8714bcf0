import { InvariantViolation } from "../shared/service-error.js";

export type TaskState = "queued" | "pending" | "ready" | "error";

export interface ResourceRef {
  readonly type: string;
  readonly id: string;
  readonly name: string;
}

export interface TaskServiceError {
  readonly code: number;
  readonly description: string;
  readonly details: string;
  readonly retryable: boolean;
}

export interface TaskRecordState {
  readonly id: string;
  readonly opId: string;
  readonly name: string;
  readonly description: string;
  readonly resource: ResourceRef;
  readonly tenantId: string;
  readonly associatedResources: readonly ResourceRef[];
  readonly state: TaskState;
  /**
   * What the controller said about the operation: none while it is queued or running, the
   * completion text once ready, the error's details once failed (docs/api/conventions.md, "Tasks").
   */
  readonly message: string | null;
  readonly progress: number;
  readonly serviceError: TaskServiceError | null;
  readonly startTime: number;
  readonly endTime: number | null;
  /** When the task joined its resource's queue; kept once it has left it (it was queued). */
  readonly queuedStartTime: number | null;
  readonly version: number;
}

export const TASK_COMPLETED_MESSAGE = "Operation completed successfully";

/** A ViPR task: the asynchronous record of one operation on one resource. */
export class Task {
  private constructor(private state: TaskRecordState) {}

  static start(fields: {
    id: string;
    opId: string;
    name: string;
    description: string;
    resource: ResourceRef;
    tenantId: string;
    associatedResources?: readonly ResourceRef[];
    now: number;
  }): Task {
    return new Task({
      id: fields.id,
      opId: fields.opId,
      name: fields.name,
      description: fields.description,
      resource: fields.resource,
      tenantId: fields.tenantId,
      associatedResources: fields.associatedResources ?? [],
      state: "pending",
      message: null,
      progress: 0,
      serviceError: null,
      startTime: fields.now,
      endTime: null,
      queuedStartTime: null,
      version: 0,
    });
  }

  static rehydrate(state: TaskRecordState): Task {
    return new Task(state);
  }

  get id(): string {
    return this.state.id;
  }

  get isFinished(): boolean {
    return this.state.state === "ready" || this.state.state === "error";
  }

  /** The progress a task reports for `percent` done: whole, from 0, and below 100 until complete. */
  static progressOf(percent: number): number {
    return Math.min(99, Math.max(0, Math.floor(percent)));
  }

  /** Progress only moves forward and stays below 100 until the task is complete. */
  reportProgress(percent: number): void {
    if (this.isFinished) return;
    const bounded = Task.progressOf(percent);
    if (bounded > this.state.progress) this.state = { ...this.state, progress: bounded };
  }

  get isQueued(): boolean {
    return this.state.state === "queued";
  }

  /** Another operation of the resource runs: this one waits, `queued`, until it is started. */
  waitInQueue(now: number): void {
    if (this.state.state !== "pending" || this.state.progress !== 0) {
      throw new InvariantViolation(`task ${this.state.id} cannot be queued once it has begun`);
    }
    this.state = { ...this.state, state: "queued", queuedStartTime: now };
  }

  /** The operation ahead of it finished: the queued task begins. */
  leaveQueue(): void {
    if (this.state.state !== "queued") throw new InvariantViolation(`task ${this.state.id} is not queued`);
    this.state = { ...this.state, state: "pending" };
  }

  /** Ends the task `ready`, with the operation's own message when it has one. */
  complete(now: number, message = TASK_COMPLETED_MESSAGE): void {
    this.assertNotFinished();
    this.state = { ...this.state, state: "ready", progress: 100, message, endTime: now };
  }

  fail(error: TaskServiceError, now: number): void {
    this.assertNotFinished();
    this.state = { ...this.state, state: "error", message: error.details, serviceError: error, endTime: now };
  }

  toState(): TaskRecordState {
    return this.state;
  }

  private assertNotFinished(): void {
    if (this.isFinished) throw new InvariantViolation(`task ${this.state.id} is already ${this.state.state}`);
  }
}
