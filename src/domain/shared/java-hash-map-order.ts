/*
 * The order in which a Java (8 to 17) HashMap hands back its keys, for keys that are
 * java.net.URI: the real controller collects the targets of an unlink in such a map and checks
 * them in that order, so which of several bad targets it names depends on it. The map's table
 * starts at 16 buckets and doubles once it holds more than 3/4 of its size; a bucket lists its
 * keys in the order they arrived (a bucket of 8 or more keys in a table of 64 or more becomes a
 * tree in Java, whose order this does not follow: with URNs' hashes that practically never
 * happens).
 */

const INITIAL_BUCKETS = 16;
const LOAD_FACTOR = 0.75;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_BUCKETS = 64;

/** The keys (each once, the first arrival's place kept) in the order a Java HashMap<URI, …> iterates them. */
export function javaHashMapOrder<K extends string | null>(keys: readonly K[]): K[] {
  let buckets: K[][] = Array.from({ length: INITIAL_BUCKETS }, () => []);
  let size = 0;
  const hashes = new Map<K, number>();
  const spread = (key: K) => {
    let hash = hashes.get(key);
    if (hash === undefined) {
      const h = key === null ? 0 : javaUriHash(key);
      hash = key === null ? 0 : h ^ (h >>> 16);
      hashes.set(key, hash);
    }
    return hash;
  };
  const resize = () => {
    const larger: K[][] = Array.from({ length: buckets.length * 2 }, () => []);
    for (const bucket of buckets) for (const key of bucket) larger[spread(key) & (larger.length - 1)]?.push(key);
    buckets = larger;
  };
  for (const key of keys) {
    const bucket = buckets[spread(key) & (buckets.length - 1)] as K[];
    if (bucket.includes(key)) continue;
    bucket.push(key);
    if (bucket.length >= TREEIFY_THRESHOLD && buckets.length < MIN_TREEIFY_BUCKETS) resize();
    if (++size > buckets.length * LOAD_FACTOR) resize();
  }
  return buckets.flat();
}

/** java.net.URI's hashCode for the text of a URI without escapes (`%`, whose hashing Java normalizes). */
export function javaUriHash(text: string): number {
  const fragmentMark = text.indexOf("#");
  const fragment = fragmentMark === -1 ? null : text.slice(fragmentMark + 1);
  const body = fragmentMark === -1 ? text : text.slice(0, fragmentMark);
  const colon = body.indexOf(":");
  const delimiter = body.search(/[/?]/);
  const scheme = colon > 0 && (delimiter === -1 || colon < delimiter) ? body.slice(0, colon) : null;
  const rest = scheme === null ? body : body.slice(colon + 1);
  let hash = append(hashIgnoringCase(0, scheme ?? ""), fragment);
  // An opaque URI (a URN): the scheme, then all that follows it.
  if (scheme !== null && !rest.startsWith("/")) return append(hash, rest);
  let authority: string | null = null;
  let pathAndQuery = rest;
  if (rest.startsWith("//")) {
    const end = rest.slice(2).search(/[/?]/);
    authority = end === -1 ? rest.slice(2) : rest.slice(2, 2 + end);
    pathAndQuery = end === -1 ? "" : rest.slice(2 + end);
  }
  const queryMark = pathAndQuery.indexOf("?");
  hash = append(hash, queryMark === -1 ? pathAndQuery : pathAndQuery.slice(0, queryMark));
  hash = append(hash, queryMark === -1 ? null : pathAndQuery.slice(queryMark + 1));
  if (authority === null) return hash;
  const at = authority.lastIndexOf("@");
  const hostAndPort = authority.slice(at + 1);
  const port = /:(\d*)$/.exec(hostAndPort);
  hash = append(hash, at === -1 ? null : authority.slice(0, at));
  hash = hashIgnoringCase(hash, port ? hostAndPort.slice(0, port.index) : hostAndPort);
  return (hash + Math.imul(1949, port?.[1] ? Number(port[1]) : -1)) | 0;
}

/** URI's hash of one more component: unchanged when there is none. */
function append(hash: number, component: string | null): number {
  return component === null ? hash : (Math.imul(hash, 127) + javaStringHash(component)) | 0;
}

function hashIgnoringCase(hash: number, text: string): number {
  let result = hash;
  for (const character of text.toLowerCase()) result = (Math.imul(31, result) + character.charCodeAt(0)) | 0;
  return result;
}

/** java.lang.String's hashCode. */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}
