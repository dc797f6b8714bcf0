import type { Metric, Registry } from "prom-client";

/** A histogram's series as stored elsewhere: bucket counts (not cumulated) and the sum. */
export interface StoredSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** Upper bound (`Infinity` last) to the number of observations that fell in that bucket. */
  readonly buckets: ReadonlyMap<number, number>;
  readonly sum: number;
}

interface ExportedValue {
  readonly metricName: string;
  readonly labels: Record<string, string | number>;
  readonly value: number;
}

/**
 * A Prometheus histogram whose figures are read at scrape time rather than observed in this
 * process: prom-client's Histogram can only observe, so this is a metric of its own that the
 * registry renders like any other (it asks a metric for `get()`). Cumulates the buckets as
 * the exposition format wants them.
 */
export class StoredHistogram {
  readonly type = "histogram";
  readonly aggregator = "sum";

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => Promise<StoredSeries[]>,
  ) {}

  registerIn(registry: Registry): void {
    registry.registerMetric(this as unknown as Metric);
  }

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: ExportedValue[] }> {
    const values: ExportedValue[] = [];
    for (const series of await this.read()) {
      let cumulated = 0;
      for (const [le, count] of [...series.buckets].sort(([a], [b]) => a - b)) {
        cumulated += count;
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { ...series.labels, le: le === Number.POSITIVE_INFINITY ? "+Inf" : le },
          value: cumulated,
        });
      }
      values.push({ metricName: `${this.name}_sum`, labels: { ...series.labels }, value: series.sum });
      values.push({ metricName: `${this.name}_count`, labels: { ...series.labels }, value: cumulated });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
