const UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};

/**
 * Parses a ViPR size: plain bytes (`1073741824`) or a number with a unit (`1GB`, `512MB`,
 * `1.5TB`); units are binary, as the real controller reads them. Undefined when not a size.
 */
export function parseCapacity(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?\s*$/i.exec(text);
  if (!match?.[1]) return undefined;
  const bytes = Math.ceil(Number(match[1]) * (UNITS[(match[2] ?? "B").toUpperCase()] ?? 1));
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** Capacities are shown in GB with two decimals, as strings (`"1.00"`). */
export function formatGigabytes(bytes: number): string {
  return (bytes / 1024 ** 3).toFixed(2);
}
