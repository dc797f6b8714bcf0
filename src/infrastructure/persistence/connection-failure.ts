/**
 * Error codes of a database that cannot be reached, is going away or takes no more connections:
 * refused or reset connections, Postgres class 08 ("connection exception"), 57P01-03
 * (administrator or crash shutdown, "cannot connect now"), 53300 (too many connections).
 */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/**
 * pg's words for a connection that died or never came: the server went away, the pool could
 * not hand out a connection in time (`connectionTimeoutMillis`), or the server stopped
 * answering (`query_timeout`).
 */
const CONNECTION_MESSAGES =
  /Connection terminated|Connection refused|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/i;

/**
 * TypeORM releases a transaction's query runner when its connection fails (the server went away
 * between two statements); the transaction's next statement then raises one of these.
 */
const RELEASED_RUNNER_ERRORS = new Set(["QueryRunnerAlreadyReleasedError", "QueryRunnerProviderAlreadyReleasedError"]);

/** Postgres cancelled the statement because it ran longer than `statement_timeout`. */
function isStatementTimeout(code: string, message: string): boolean {
  return code === "57014" && /statement timeout/i.test(message);
}

/**
 * The database is unreachable, or too slow to answer in time (pg, or TypeORM wrapping pg):
 * nothing is wrong with the request or the work, and trying again later may succeed.
 */
export function isDatabaseConnectionFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = "code" in error && typeof error.code === "string" ? error.code : "";
  if (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (isStatementTimeout(code, error.message) || CONNECTION_MESSAGES.test(error.message)) return true;
  if (RELEASED_RUNNER_ERRORS.has(error.name)) return true;
  const nested: unknown[] = [error.cause];
  if ("driverError" in error) nested.push(error.driverError);
  if (error instanceof AggregateError) nested.push(...error.errors);
  return nested.some((inner) => isDatabaseConnectionFailure(inner, depth + 1));
}
