export type BackendName = "redis" | "postgres";

export interface Result {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number | null;
  readonly ratio: number | null;
}

export interface BackendRun {
  readonly backend: BackendName;
  readonly results: Result[];
}

export interface BenchReport {
  readonly machine: string;
  readonly runs: BackendRun[];
}

/** The targets coprsim is held to, for the printed table (the JSON carries the numbers only). */
const TARGETS: Readonly<Record<string, { text: string; met: (result: Result) => boolean }>> = {
  link_throughput: { text: "≥ 0.5× baseline", met: (r) => (r.ratio ?? 0) >= 0.5 },
  link_latency_p50_ms: { text: "≤ 3× baseline", met: (r) => (r.ratio ?? Number.POSITIVE_INFINITY) <= 3 },
  link_latency_p99_ms: { text: "≤ 4× baseline", met: (r) => (r.ratio ?? Number.POSITIVE_INFINITY) <= 4 },
  fanout_1024_s: { text: "≤ 1 s", met: (r) => r.value <= 1 },
  fanout_per_target_ms_1024: {
    text: "flat: ≤ 1.25× the 64's",
    met: (r) => (r.ratio ?? Number.POSITIVE_INFINITY) <= 1.25,
  },
  read_path_rps: { text: "≥ 0.5× one-query floor", met: (r) => (r.ratio ?? 0) >= 0.5 },
  api_rss_mb: { text: "≤ 200 MB", met: (r) => r.value <= 200 },
  worker_rss_mb: { text: "≤ 200 MB", met: (r) => r.value <= 200 },
};

/** What the table says beside a measure without a target. */
const NOTES: Readonly<Record<string, (result: Result, run: BackendRun) => string>> = {
  read_static_rps: (r, run) => {
    const coprsim = run.results.find((other) => other.name === "read_path_rps")?.value;
    return coprsim === undefined || !Number.isFinite(coprsim) ? "" : `coprsim at ${rounded(coprsim / r.value)}× of it`;
  },
};

/** Rounds to a few significant digits, as a report should. */
export function rounded(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return Number(value.toFixed(digits));
}

export function result(name: string, value: number, unit: string, baseline: number | null): Result {
  const ratio =
    baseline === null || baseline === 0 || !Number.isFinite(baseline) ? null : Number((value / baseline).toFixed(2));
  const known = baseline !== null && Number.isFinite(baseline) ? rounded(baseline) : null;
  return { name, value: rounded(value), unit, baseline: known, ratio };
}

/** A plain-text table: one row per backend and measure, with the target and whether it is met. */
export function formatTable(report: BenchReport): string {
  const header = ["backend", "name", "value", "unit", "baseline", "ratio", "target"];
  const rows = report.runs.flatMap((run) =>
    run.results.map((r) => {
      const target = TARGETS[r.name];
      const note = target ? `${target.text} ${target.met(r) ? "met" : "MISSED"}` : (NOTES[r.name]?.(r, run) ?? "");
      return [
        run.backend,
        r.name,
        String(r.value),
        r.unit,
        r.baseline === null ? "–" : String(r.baseline),
        r.ratio === null ? "–" : `${r.ratio}×`,
        note,
      ];
    }),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
