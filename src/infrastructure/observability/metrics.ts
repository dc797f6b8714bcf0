import type { Queue } from "bullmq";
import type { Logger } from "pino";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { TaskState } from "../../domain/tasks/task.js";
import type { LinkDurationBucket, RecordedFigures } from "../persistence/recorded-figures.js";
import { StoredHistogram, type StoredSeries } from "./stored-histogram.js";
import { within } from "./within.js";

/** The job states whose counts are shown per queue. */
export const QUEUE_JOB_STATES = ["waiting", "active", "delayed", "failed", "waiting-children"] as const;
type QueueJobState = (typeof QUEUE_JOB_STATES)[number];

const SOURCE_TIMEOUT_MS = 3_000;
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What one scrape read; a source that failed or timed out is absent (and shown down). */
interface Snapshot {
  tasks?: Record<TaskState, number>;
  queues?: { name: string; counts: Record<QueueJobState, number> }[];
  linkDurations?: LinkDurationBucket[];
  copiedBytes?: Record<string, number>;
  up: Record<string, boolean>;
}

export interface MetricsSources {
  readonly figures: RecordedFigures;
  readonly queueBackend: {
    readonly queues: readonly Queue[];
    /**
     * Asked first, as it fails at once while Redis is disconnected, where a count would wait in
     * the client's offline queue until Redis is back.
     */
    ping(): Promise<void>;
  };
  readonly logger: Logger;
}

/**
 * The Prometheus figures of an API process. HTTP latency is observed here, per process; the
 * rest is read at scrape time from what every process shares: task and workflow figures from
 * Postgres (where the database recorded them as workers settled tasks and copied data, so they
 * are right with any number of workers and survive restarts), queue depths from the queue
 * backend. Every API process therefore shows the same shared figures: aggregate them with
 * `max`, not `sum`, when scraping several.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly requestDuration: Histogram<"method" | "route" | "status">;
  private snapshot: Snapshot = { up: {} };
  private rendering: Promise<string> | undefined;

  constructor(private readonly sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: "coprsim_http_request_duration_seconds",
      help: "HTTP requests by method, route pattern and status, until the response was sent",
      labelNames: ["method", "route", "status"],
      buckets: HTTP_BUCKETS,
      registers,
    });
    const up = new Gauge({
      name: "coprsim_metrics_source_up",
      help: "Whether the last scrape could read the source (1) or not (0): its series are missing then",
      labelNames: ["source"],
      registers,
      collect: () => {
        up.reset();
        for (const [source, isUp] of Object.entries(this.snapshot.up)) up.set({ source }, isUp ? 1 : 0);
      },
    });
    const tasks = new Gauge({
      name: "coprsim_tasks",
      help: "Tasks by state",
      labelNames: ["state"],
      registers,
      collect: () => {
        tasks.reset();
        for (const [state, count] of Object.entries(this.snapshot.tasks ?? {})) tasks.set({ state }, count);
      },
    });
    const queueJobs = new Gauge({
      name: "coprsim_queue_jobs",
      help: "Jobs in the workflow queue by queue and state (finished jobs are removed at once)",
      labelNames: ["queue", "state"],
      registers,
      collect: () => {
        queueJobs.reset();
        for (const { name, counts } of this.snapshot.queues ?? []) {
          for (const state of QUEUE_JOB_STATES) queueJobs.set({ queue: name, state }, counts[state]);
        }
      },
    });
    const copiedBytes = new Counter({
      name: "coprsim_copied_bytes_total",
      help: "Bytes copied to copy-mode linked targets, by array family (rate() gives the copy throughput)",
      labelNames: ["family"],
      registers,
      collect: () => {
        copiedBytes.reset();
        for (const [family, bytes] of Object.entries(this.snapshot.copiedBytes ?? {}))
          copiedBytes.inc({ family }, bytes);
      },
    });
    new StoredHistogram(
      "coprsim_link_duration_seconds",
      "Link-targets tasks from their start to ready or error, by copy mode and outcome",
      async () => linkDurationSeries(this.snapshot.linkDurations ?? []),
    ).registerIn(this.registry);
  }

  /** Records one answered request; `route` is the route's pattern, never the raw URL. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** The text exposition of every figure; scrapes arriving meanwhile share one reading. */
  render(): Promise<string> {
    this.rendering ??= this.readSources()
      .then(() => this.registry.metrics())
      .finally(() => {
        this.rendering = undefined;
      });
    return this.rendering;
  }

  private async readSources(): Promise<void> {
    const { figures, queueBackend } = this.sources;
    const [tasks, queueCounts, linkDurations, copiedBytes] = await Promise.all([
      this.read("tasks", () => figures.taskCounts()),
      this.read("queues", async () => {
        await queueBackend.ping();
        return Promise.all(
          queueBackend.queues.map(async (queue) => ({
            name: queue.name,
            counts: (await queue.getJobCounts(...QUEUE_JOB_STATES)) as Record<QueueJobState, number>,
          })),
        );
      }),
      this.read("link_duration", () => figures.linkDurationBuckets()),
      this.read("copied_bytes", () => figures.copiedBytes()),
    ]);
    this.snapshot = {
      tasks: tasks.value,
      queues: queueCounts.value,
      linkDurations: linkDurations.value,
      copiedBytes: copiedBytes.value,
      up: { tasks: tasks.ok, queues: queueCounts.ok, link_duration: linkDurations.ok, copied_bytes: copiedBytes.ok },
    };
  }

  private async read<T>(source: string, read: () => Promise<T>): Promise<{ ok: boolean; value?: T }> {
    try {
      return { ok: true, value: await within(read(), SOURCE_TIMEOUT_MS, `metrics source ${source}`) };
    } catch (error) {
      this.sources.logger.warn({ err: error, source }, "metrics: could not read a source");
      return { ok: false };
    }
  }
}

function linkDurationSeries(buckets: readonly LinkDurationBucket[]): StoredSeries[] {
  const series = new Map<string, { labels: Record<string, string>; buckets: Map<number, number>; sum: number }>();
  for (const bucket of buckets) {
    const key = `${bucket.copyMode}/${bucket.outcome}`;
    let entry = series.get(key);
    if (!entry) {
      entry = { labels: { copy_mode: bucket.copyMode, outcome: bucket.outcome }, buckets: new Map(), sum: 0 };
      series.set(key, entry);
    }
    entry.buckets.set(bucket.le, bucket.observations);
    entry.sum += bucket.sumSeconds;
  }
  return [...series.values()];
}
