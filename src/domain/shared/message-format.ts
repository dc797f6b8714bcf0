/**
 * Fills `{0}`, `{1}`… the way Java's MessageFormat does for the ViPR messages:
 * integers of 1000 and more get grouping separators (`1,025`).
 */
export function formatMessage(template: string, args: readonly unknown[]): string {
  return template.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const value = args[Number(index)];
    if (value === undefined) return placeholder;
    if (typeof value === "number" && Number.isInteger(value)) return groupThousands(value);
    return String(value);
  });
}

function groupThousands(value: number): string {
  const sign = value < 0 ? "-" : "";
  const digits = Math.abs(value).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
