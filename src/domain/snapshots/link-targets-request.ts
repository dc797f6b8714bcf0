/**
 * A link request once read. `copyMode` is still the client's text (null when it gave none):
 * whether it names a mode is one of the session's checks, in its place in the order.
 */
export interface LinkTargetsRequest {
  readonly count: number;
  readonly targetName: string;
  readonly copyMode: string | null;
}
