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

/** The targets, for the printed table (the JSON carries the numbers only). */
const TARGETS: Readonly<Record<string, { text: string; met: (result: Result) => boolean }>> = {
  link_throughput: { text: "≥ 0.5× baseline", met: (r) => (r.ratio ?? 0) >= 0.5 },
  link_latency_p50_ms: { text: "≤ 3× baseline", met: (r) => (r.ratio ?? Number.POSITIVE_INFINITY) <= 3 },
  fanout_1024_s: { text: "≤ 5 s", met: (r) => r.value <= 5 },
  fanout_per_target_ms_1024: {
    text: "flat: ≤ 1.25× the 64's",
    met: (r) => (r.ratio ?? Number.POSITIVE_INFINITY) <= 1.25,
  },
  read_path_rps: { text: "≥ 0.4× bare route", met: (r) => (r.ratio ?? 0) >= 0.4 },
  api_rss_mb: { text: "< 250 MB", met: (r) => r.value < 250 },
};

/** Rounds to a few significant digits, as a report should. */
export function rounded(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return Number(value.toFixed(digits));
}

export function result(name: string, value: number, unit: string, baseline: number | null): Result {
  const ratio = baseline === null || baseline === 0 ? null : Number((value / baseline).toFixed(2));
  return { name, value: rounded(value), unit, baseline: baseline === null ? null : rounded(baseline), ratio };
}

/** A plain-text table: one row per backend and measure, with the target and whether it is met. */
export function formatTable(report: BenchReport): string {
  const header = ["backend", "name", "value", "unit", "baseline", "ratio", "target"];
  const rows = report.runs.flatMap((run) =>
    run.results.map((r) => {
      const target = TARGETS[r.name];
      return [
        run.backend,
        r.name,
        String(r.value),
        r.unit,
        r.baseline === null ? "–" : String(r.baseline),
        r.ratio === null ? "–" : `${r.ratio}×`,
        target ? `${target.text} ${target.met(r) ? "met" : "MISSED"}` : "",
      ];
    }),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
