/*
 * Whether text is something java.net.URI accepts: the real controller reads the ids of a body
 * (`linked_targets[].id`, `ids`, `volumes`) into URIs, and refuses the request when one is not
 * a URI at all. This follows the parser's character rules and the common structural ones (a
 * scheme, what follows it, escapes, a single fragment mark); it does not parse authorities.
 */

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
/** ASCII characters a URI may hold as they are (unreserved, reserved, `%` for escapes, `#` once). */
const ASCII_ALLOWED = /^[A-Za-z0-9\-_.!~*'();/?:@&=+$,%#]$/;

export function isJavaUri(text: string): boolean {
  if (text.length === 0) return true;
  if (!allCharactersAllowed(text) || !escapesComplete(text)) return false;
  if (text.indexOf("#") !== text.lastIndexOf("#")) return false;
  const beforeFragment = text.split("#", 1)[0] ?? "";
  const colon = beforeFragment.indexOf(":");
  const firstDelimiter = beforeFragment.search(/[/?]/);
  if (colon === 0) return false;
  if (colon > 0 && (firstDelimiter === -1 || colon < firstDelimiter)) {
    if (!SCHEME.test(beforeFragment.slice(0, colon))) return false;
    if (beforeFragment.length === colon + 1) return false;
  }
  return !/^\/\/([?#]|$)/.test(beforeFragment.slice(colon > 0 ? colon + 1 : 0));
}

function allCharactersAllowed(text: string): boolean {
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80 ? !ASCII_ALLOWED.test(character) : code <= 0x9f || /\s/u.test(character)) return false;
  }
  return true;
}

function escapesComplete(text: string): boolean {
  return !/%(?![0-9A-Fa-f]{2})/.test(text);
}
