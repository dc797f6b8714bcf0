// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether text can be stored as sent: Postgres refuses NUL in text and jsonb, and a UTF-16
 * surrogate without its pair (`"\ud800"` is valid JSON) is no character at all — jsonb refuses
 * it and a text column would hold a replacement character instead.
 */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}
