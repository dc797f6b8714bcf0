/** One sample line of a Prometheus text exposition. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;

/**
 * Parses the text format strictly: every line is a `# HELP`/`# TYPE` comment or a sample with
 * well-formed labels and a number, or the parse fails (so a malformed exposition fails the test).
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    const match = SAMPLE_LINE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const [, name, rawLabels, rawValue] = match;
    const labels: Record<string, string> = {};
    if (rawLabels) {
      LABEL.lastIndex = 0;
      let consumed = 0;
      for (let label = LABEL.exec(rawLabels); label; label = LABEL.exec(rawLabels)) {
        labels[label[1]!] = label[2]!.replace(/\\(.)/g, (_all, c: string) => (c === "n" ? "\n" : c));
        consumed = LABEL.lastIndex;
      }
      if (consumed !== rawLabels.length) throw new Error(`malformed labels: ${line}`);
    }
    const value = rawValue === "+Inf" ? Number.POSITIVE_INFINITY : Number(rawValue);
    if (Number.isNaN(value) && rawValue !== "NaN") throw new Error(`not a number: ${line}`);
    samples.push({ name: name!, labels, value });
  }
  return samples;
}

/** The samples of that name whose labels include the given ones. */
export function samplesOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

/** The one sample of that name with those labels (more or none is an error). */
export function sampleValue(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samplesOf(samples, name, labels);
  if (found.length !== 1) {
    throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}: ${JSON.stringify(found)}`);
  }
  return found[0]!.value;
}

/** Fetches `/metrics` and parses it. */
export async function scrape(baseUrl: string): Promise<Sample[]> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics: ${response.status} ${await response.text()}`);
  return parsePrometheusText(await response.text());
}
