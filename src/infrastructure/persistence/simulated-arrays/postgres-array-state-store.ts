import type { DataSource, QueryRunner } from "typeorm";
import type {
  ArrayCounters,
  ArrayStateStore,
  ArrayStateTransaction,
  SimClockSetting,
  SimCounter,
} from "../../../drivers/simulation/array-state-store.js";
import { quotedSchema } from "../schema-steps.js";
import { ArraySetStatements } from "./array-set-statements.js";
import type { ArraySql } from "./array-sql.js";
import type { Row } from "./array-state-rows.js";
import { DEFAULT_SIMULATED_ARRAYS_SCHEMA } from "./migrate-simulated-arrays.js";
import { postgresArrayClockState } from "./postgres-array-clock-state.js";
import { postgresArrayDevices } from "./postgres-array-devices.js";
import { postgresArrayFaults } from "./postgres-array-faults.js";
import { postgresArrayLinks } from "./postgres-array-links.js";
import { postgresArrayReplicationGroups } from "./postgres-array-replication-groups.js";
import { postgresArraySnapshots } from "./postgres-array-snapshots.js";
import { postgresArrayTracks } from "./postgres-array-tracks.js";

/** Deadlock and serialization failure: the transaction is run again. */
const TRANSIENT_SQLSTATES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 5;

/**
 * The simulated arrays' state in Postgres (schema created by `migrateSimulatedArrays`), shared
 * by every process. Each transaction is a database transaction at READ COMMITTED; `lock…`
 * methods take row locks (`SELECT … FOR UPDATE`, in native id order), so operations that share
 * a limit are serialized across processes. Transactions that hit a deadlock or serialization
 * failure are run again, up to 5 times.
 */
export class PostgresArrayStateStore implements ArrayStateStore {
  private readonly schema: string;

  constructor(
    private readonly dataSource: DataSource,
    options: { schema?: string } = {},
  ) {
    this.schema = quotedSchema(options.schema ?? DEFAULT_SIMULATED_ARRAYS_SCHEMA);
  }

  async transaction<T>(arrayId: string, work: (tx: ArrayStateTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once(arrayId, work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isTransient(error)) throw error;
      }
    }
  }

  async hasFaults(arrayId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ${this.schema}.faults WHERE array_id = $1 AND (remaining IS NULL OR remaining > 0) LIMIT 1`,
      [arrayId],
    );
    return rows.length > 0;
  }

  async saveClockSetting(setting: SimClockSetting | null): Promise<void> {
    if (setting === null) {
      await this.dataSource.query(`DELETE FROM ${this.schema}.clock_setting`);
      return;
    }
    await this.dataSource.query(
      `INSERT INTO ${this.schema}.clock_setting (singleton, profile, speed) VALUES (true, $1, $2)
       ON CONFLICT (singleton) DO UPDATE SET profile = EXCLUDED.profile, speed = EXCLUDED.speed`,
      [setting.profile, setting.speed],
    );
  }

  private async once<T>(arrayId: string, work: (tx: ArrayStateTransaction) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const result = await work(postgresArrayTransaction(runner, this.schema, arrayId));
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}

function isTransient(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return typeof code === "string" && TRANSIENT_SQLSTATES.has(code);
}

const COUNTER_COLUMNS: Readonly<Record<SimCounter, string>> = {
  device: "device_counter",
  snapshot: "snapshot_counter",
};

function postgresArrayTransaction(runner: QueryRunner, schema: string, arrayId: string): ArrayStateTransaction {
  const rows = async (statement: string, parameters: readonly unknown[]): Promise<Row[]> =>
    (await runner.query(statement, [arrayId, ...parameters], true)).records as Row[];
  const counters = postgresArrayCounters(rows, schema);
  const sql: ArraySql = {
    arrayId,
    s: schema,
    rows,
    affected: async (statement, parameters) =>
      (await runner.query(statement, [arrayId, ...parameters], true)).affected ?? 0,
    unscoped: async (statement) => (await runner.query(statement, [], true)).records as Row[],
    lockArray: () => counters.lockArray(),
    sets: new ArraySetStatements(rows, schema),
  };
  return {
    arrayId,
    ...counters,
    ...postgresArrayDevices(sql),
    ...postgresArrayReplicationGroups(sql),
    ...postgresArraySnapshots(sql),
    ...postgresArrayLinks(sql),
    ...postgresArrayFaults(sql),
    ...postgresArrayClockState(sql),
    ...postgresArrayTracks(sql),
  };
}

/** The array's row holds its counters; locking it serializes device creation. */
function postgresArrayCounters(rows: ArraySql["rows"], s: string): ArrayCounters {
  let arrayLocked = false;
  const counters: ArrayCounters = {
    async lockArray(): Promise<void> {
      if (arrayLocked) return;
      await rows(`INSERT INTO ${s}.arrays (array_id) VALUES ($1) ON CONFLICT (array_id) DO NOTHING`, []);
      await rows(`SELECT array_id FROM ${s}.arrays WHERE array_id = $1 FOR UPDATE`, []);
      arrayLocked = true;
    },

    async nextNumber(counter: SimCounter): Promise<number> {
      const [number] = await counters.nextNumbers(counter, 1);
      return Number(number);
    },

    async nextNumbers(counter: SimCounter, count: number): Promise<number[]> {
      if (count === 0) return [];
      const column = COUNTER_COLUMNS[counter];
      const increment = `UPDATE ${s}.arrays SET ${column} = ${column} + $2 WHERE array_id = $1 RETURNING ${column} AS value`;
      // The update takes the array's lock itself: one round trip, where locking first took three.
      let [row] = await rows(increment, [count]);
      if (!row) {
        await rows(`INSERT INTO ${s}.arrays (array_id) VALUES ($1) ON CONFLICT (array_id) DO NOTHING`, []);
        [row] = await rows(increment, [count]);
      }
      arrayLocked = true;
      const last = Number(row?.value);
      return Array.from({ length: count }, (_, index) => last - count + 1 + index);
    },
  };
  return counters;
}
