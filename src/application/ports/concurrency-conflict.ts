/**
 * Another writer changed the aggregate since it was loaded (its version moved on). Safe to
 * retry by reloading; the queue adapter retries steps that raise it.
 */
export class ConcurrencyConflict extends Error {
  constructor(
    readonly aggregate: string,
    readonly id: string,
  ) {
    super(`${aggregate} ${id} was changed by someone else`);
    this.name = "ConcurrencyConflict";
  }
}
