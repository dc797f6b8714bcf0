import type {
  ArrayClockState,
  SimClockSetting,
  SimJob,
  SimStalls,
} from "../../../drivers/simulation/array-state-store.js";
import type { ArraySql } from "./array-sql.js";
import { toClockSetting } from "./array-state-rows.js";

/** An array's stalled jobs, and the clock setting shared by every array, in Postgres. */
export function postgresArrayClockState(sql: ArraySql): ArrayClockState {
  return {
    async stallJobs(job: SimJob, since: number): Promise<void> {
      await sql.rows(
        `INSERT INTO ${sql.s}.job_stalls (array_id, job, since) VALUES ($1, $2, $3)
         ON CONFLICT (array_id, job) DO NOTHING`,
        [job, since],
      );
    },

    async stalls(): Promise<SimStalls> {
      const rows = await sql.rows(`SELECT job, since FROM ${sql.s}.job_stalls WHERE array_id = $1`, []);
      return new Map(rows.map((row) => [String(row.job) as SimJob, Number(row.since)]));
    },

    async clearStalls(): Promise<SimStalls> {
      const rows = await sql.rows(`DELETE FROM ${sql.s}.job_stalls WHERE array_id = $1 RETURNING job, since`, []);
      return new Map(rows.map((row) => [String(row.job) as SimJob, Number(row.since)]));
    },

    async clockSetting(): Promise<SimClockSetting | null> {
      const [row] = await sql.unscoped(`SELECT profile, speed FROM ${sql.s}.clock_setting`);
      return toClockSetting(row);
    },
  };
}
