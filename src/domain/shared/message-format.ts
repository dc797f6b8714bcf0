/**
 * Fills `{0}`, `{1}`… the way Java's MessageFormat does for the ViPR messages: integers of
 * 1000 and more get grouping separators (`1,025`), and a single quote starts text taken as it
 * is (`''` is one quote), so that a lone apostrophe disappears: ViPR's
 * "The snapshot session can't be deleted…" reaches clients as "…cant be deleted…".
 */
export function formatMessage(template: string, args: readonly unknown[]): string {
  let formatted = "";
  let quoted = false;
  for (let i = 0; i < template.length; i++) {
    const character = template[i] as string;
    if (character === "'") {
      if (template[i + 1] === "'") {
        formatted += "'";
        i++;
      } else {
        quoted = !quoted;
      }
      continue;
    }
    const placeholder = quoted ? null : /^\{(\d+)\}/.exec(template.slice(i));
    if (placeholder) {
      formatted += formatArgument(args, Number(placeholder[1]), placeholder[0]);
      i += placeholder[0].length - 1;
      continue;
    }
    formatted += character;
  }
  return formatted;
}

function formatArgument(args: readonly unknown[], index: number, placeholder: string): string {
  const value = args[index];
  if (value === undefined) return placeholder;
  if (typeof value === "number" && Number.isInteger(value)) return groupThousands(value);
  return String(value);
}

function groupThousands(value: number): string {
  const sign = value < 0 ? "-" : "";
  const digits = Math.abs(value).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
