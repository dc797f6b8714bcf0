import type { Queue } from "bullmq";
import type { ReadinessReport } from "../observability/readiness.js";

/** What `/metrics`, `/health/ready` and the queue dashboard read; the routes are absent without it. */
export interface ObservabilityDependencies {
  readonly metrics: {
    readonly contentType: string;
    render(): Promise<string>;
    observeRequest(method: string, route: string, status: number, seconds: number): void;
  };
  readonly readiness: () => Promise<ReadinessReport>;
  /** The queues the dashboard at `/admin/queues` shows. */
  readonly queues: readonly Queue[];
}
