import type { WireFormat } from "../representations/serializer.js";

/*
 * Media types as the real controller takes them (docs/api/conventions.md, "Formats and media
 * types"): its resources consume and produce `application/xml` and `application/json`, in that
 * order of preference, and nothing else.
 */

const FORMAT_OF_TYPE: Readonly<Record<string, WireFormat>> = {
  "application/xml": "xml",
  "application/json": "json",
};

/** What the resources produce, the first being what a client that accepts anything gets. */
const PRODUCED: readonly (readonly [string, WireFormat])[] = [
  ["application/xml", "xml"],
  ["application/json", "json"],
];

/** The format a `Content-Type` names (its parameters, such as `charset`, aside), or undefined. */
export function formatOfMediaType(value: string): WireFormat | undefined {
  const mediaType = (value.split(";")[0] ?? "").trim().toLowerCase();
  return FORMAT_OF_TYPE[mediaType];
}

interface AcceptedRange {
  readonly type: string;
  readonly subtype: string;
  readonly quality: number;
}

/** How specific a range is: `*\/*` < `type/*` < `type/subtype`. */
function specificity(range: AcceptedRange): number {
  if (range.type === "*") return 0;
  return range.subtype === "*" ? 1 : 2;
}

function acceptedRange(entry: string): AcceptedRange | undefined {
  const [mediaRange = "", ...parameters] = entry.split(";");
  const [type, subtype] = mediaRange.trim().toLowerCase().split("/");
  if (!type) return undefined;
  let quality = 1;
  for (const parameter of parameters) {
    const [name, value] = parameter.split("=").map((part) => part.trim());
    if (name?.toLowerCase() === "q") quality = Number(value);
  }
  // A bare `*` is taken for `*/*`, as clients that send it mean.
  return { type, subtype: subtype ?? "*", quality: Number.isFinite(quality) ? quality : 0 };
}

/** The `Accept` header's ranges, best first: by quality, then the more specific, then as listed. */
function acceptedRanges(accept: string | undefined): AcceptedRange[] {
  if (accept === undefined || accept.trim() === "") return [{ type: "*", subtype: "*", quality: 1 }];
  return accept
    .split(",")
    .map(acceptedRange)
    .filter((range): range is AcceptedRange => range !== undefined && range.quality > 0)
    .map((range, order) => ({ range, order }))
    .sort(
      (a, b) => b.range.quality - a.range.quality || specificity(b.range) - specificity(a.range) || a.order - b.order,
    )
    .map(({ range }) => range);
}

function matches(range: AcceptedRange, mediaType: string): boolean {
  const [type, subtype] = mediaType.split("/");
  return (range.type === "*" || range.type === type) && (range.subtype === "*" || range.subtype === subtype);
}

/**
 * The response format the `Accept` header asks for, or undefined when it accepts neither
 * (406). Without the header, or with `*\/*`, XML, as the real controller answers.
 */
export function negotiatedFormat(accept: string | undefined): WireFormat | undefined {
  for (const range of acceptedRanges(accept)) {
    const produced = PRODUCED.find(([mediaType]) => matches(range, mediaType));
    if (produced) return produced[1];
  }
  return undefined;
}

/** The format of an answer: the negotiated one, or XML when the client accepts neither. */
export function responseFormat(accept: string | undefined): WireFormat {
  return negotiatedFormat(accept) ?? "xml";
}
