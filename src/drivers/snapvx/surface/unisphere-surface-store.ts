import type { DataSource } from "typeorm";
import { applySchemaSteps, quotedSchema, type SchemaStep } from "../../../infrastructure/persistence/schema-steps.js";

/** The schema of the Unisphere surface's own tables; tests pass their own. */
export const DEFAULT_UNISPHERE_SCHEMA = "unisphere";

/**
 * What Unisphere keeps beside the array's devices and snapshots: storage groups (a name, the
 * SRP and service level it provisions from, its devices) and the jobs of asynchronous requests.
 * The devices themselves live on the simulated array; a group may still name a device that was
 * deleted another way (through the controller), which readers skip.
 */
export interface StoredStorageGroup {
  readonly name: string;
  readonly srp: string;
  readonly serviceLevel: string;
  readonly workload: string;
  readonly createdAt: number;
  /** Ascending. */
  readonly deviceIds: readonly string[];
}

export interface StoredJob {
  readonly jobId: string;
  readonly arrayId: string;
  readonly name: string;
  readonly status: "SUCCEEDED" | "FAILED";
  readonly username: string;
  readonly result: string;
  readonly resourceLink: string;
  readonly tasks: readonly string[];
  readonly scheduledAt: number;
  readonly completedAt: number;
}

export type NewJob = Omit<StoredJob, "jobId">;

export interface UnisphereSurfaceStore {
  /** False when the array has a group of that name already. */
  createStorageGroup(arrayId: string, group: Omit<StoredStorageGroup, "deviceIds">): Promise<boolean>;
  storageGroup(arrayId: string, name: string): Promise<StoredStorageGroup | null>;
  storageGroupNames(arrayId: string): Promise<string[]>;
  /** Devices already in the group stay once. */
  addToStorageGroup(arrayId: string, name: string, deviceIds: readonly string[]): Promise<void>;
  removeFromStorageGroup(arrayId: string, name: string, deviceIds: readonly string[]): Promise<void>;
  deleteStorageGroup(arrayId: string, name: string): Promise<void>;
  /** The groups each device is in, by device (devices in none are left out). */
  storageGroupsOf(arrayId: string, deviceIds: readonly string[]): Promise<Map<string, string[]>>;
  recordJob(job: NewJob): Promise<StoredJob>;
  job(jobId: string): Promise<StoredJob | null>;
}

/** Jobs are kept this long after they finished. */
const JOB_RETENTION_MS = 24 * 3600 * 1000;

type Row = Record<string, unknown>;

export class PostgresUnisphereSurfaceStore implements UnisphereSurfaceStore {
  private readonly s: string;
  private jobsRecorded = 0;

  constructor(
    private readonly dataSource: DataSource,
    options: { schema?: string } = {},
  ) {
    this.s = quotedSchema(options.schema ?? DEFAULT_UNISPHERE_SCHEMA);
  }

  async createStorageGroup(arrayId: string, group: Omit<StoredStorageGroup, "deviceIds">): Promise<boolean> {
    const rows: Row[] = await this.dataSource.query(
      `INSERT INTO ${this.s}.storage_groups (array_id, name, srp, service_level, workload, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING name`,
      [arrayId, group.name, group.srp, group.serviceLevel, group.workload, group.createdAt],
    );
    return rows.length === 1;
  }

  async storageGroup(arrayId: string, name: string): Promise<StoredStorageGroup | null> {
    const [row]: Row[] = await this.dataSource.query(
      `SELECT g.name, g.srp, g.service_level, g.workload, g.created_at,
              coalesce(array_agg(v.device_id ORDER BY v.device_id) FILTER (WHERE v.device_id IS NOT NULL), '{}') AS device_ids
         FROM ${this.s}.storage_groups g
         LEFT JOIN ${this.s}.storage_group_devices v ON v.array_id = g.array_id AND v.storage_group = g.name
        WHERE g.array_id = $1 AND g.name = $2
        GROUP BY g.array_id, g.name`,
      [arrayId, name],
    );
    if (!row) return null;
    return {
      name: String(row.name),
      srp: String(row.srp),
      serviceLevel: String(row.service_level),
      workload: String(row.workload),
      createdAt: Number(row.created_at),
      deviceIds: (row.device_ids as string[]).map(String),
    };
  }

  async storageGroupNames(arrayId: string): Promise<string[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT name FROM ${this.s}.storage_groups WHERE array_id = $1 ORDER BY name`,
      [arrayId],
    );
    return rows.map((row) => String(row.name));
  }

  async addToStorageGroup(arrayId: string, name: string, deviceIds: readonly string[]): Promise<void> {
    if (deviceIds.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO ${this.s}.storage_group_devices (array_id, storage_group, device_id)
       SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
      [arrayId, name, deviceIds],
    );
  }

  async removeFromStorageGroup(arrayId: string, name: string, deviceIds: readonly string[]): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM ${this.s}.storage_group_devices
        WHERE array_id = $1 AND storage_group = $2 AND device_id = ANY($3::text[])`,
      [arrayId, name, deviceIds],
    );
  }

  async deleteStorageGroup(arrayId: string, name: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.s}.storage_groups WHERE array_id = $1 AND name = $2`, [
      arrayId,
      name,
    ]);
  }

  async storageGroupsOf(arrayId: string, deviceIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT device_id, storage_group FROM ${this.s}.storage_group_devices
        WHERE array_id = $1 AND device_id = ANY($2::text[]) ORDER BY device_id, storage_group`,
      [arrayId, deviceIds],
    );
    const groups = new Map<string, string[]>();
    for (const row of rows) {
      const device = String(row.device_id);
      groups.set(device, [...(groups.get(device) ?? []), String(row.storage_group)]);
    }
    return groups;
  }

  async recordJob(job: NewJob): Promise<StoredJob> {
    const [row]: Row[] = await this.dataSource.query(
      `INSERT INTO ${this.s}.jobs
         (array_id, name, status, username, result, resource_link, tasks, scheduled_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING job_id`,
      [
        job.arrayId,
        job.name,
        job.status,
        job.username,
        job.result,
        job.resourceLink,
        JSON.stringify(job.tasks),
        job.scheduledAt,
        job.completedAt,
      ],
    );
    this.jobsRecorded += 1;
    if (this.jobsRecorded % 1000 === 0) {
      await this.dataSource.query(`DELETE FROM ${this.s}.jobs WHERE completed_at < $1`, [
        job.completedAt - JOB_RETENTION_MS,
      ]);
    }
    return { ...job, jobId: String(row?.job_id) };
  }

  async job(jobId: string): Promise<StoredJob | null> {
    if (!/^\d{1,18}$/.test(jobId)) return null;
    const [row]: Row[] = await this.dataSource.query(`SELECT * FROM ${this.s}.jobs WHERE job_id = $1`, [jobId]);
    if (!row) return null;
    return {
      jobId: String(row.job_id),
      arrayId: String(row.array_id),
      name: String(row.name),
      status: row.status === "FAILED" ? "FAILED" : "SUCCEEDED",
      username: String(row.username),
      result: String(row.result),
      resourceLink: String(row.resource_link),
      tasks: (row.tasks as string[]).map(String),
      scheduledAt: Number(row.scheduled_at),
      completedAt: Number(row.completed_at),
    };
  }
}

/** Creates or updates the surface's schema (default `unisphere`); see {@link applySchemaSteps}. */
export async function migrateUnisphereSurface(dataSource: DataSource, options: { schema?: string } = {}) {
  await applySchemaSteps(dataSource, options.schema ?? DEFAULT_UNISPHERE_SCHEMA, STEPS);
}

/** Applied in order, each once; add new steps at the end, never edit an applied one. */
const STEPS: readonly SchemaStep[] = [
  {
    id: 1,
    name: "storage groups and jobs",
    sql: (s) => [
      `CREATE TABLE ${s}.storage_groups (
         array_id text NOT NULL,
         name text NOT NULL,
         srp text NOT NULL,
         service_level text NOT NULL,
         workload text NOT NULL,
         created_at bigint NOT NULL,
         PRIMARY KEY (array_id, name)
       )`,
      `CREATE TABLE ${s}.storage_group_devices (
         array_id text NOT NULL,
         storage_group text NOT NULL,
         device_id text NOT NULL,
         PRIMARY KEY (array_id, storage_group, device_id),
         FOREIGN KEY (array_id, storage_group) REFERENCES ${s}.storage_groups (array_id, name) ON DELETE CASCADE
       )`,
      `CREATE INDEX storage_group_devices_device ON ${s}.storage_group_devices (array_id, device_id)`,
      `CREATE TABLE ${s}.jobs (
         job_id bigserial PRIMARY KEY,
         array_id text NOT NULL,
         name text NOT NULL,
         status text NOT NULL CHECK (status IN ('SUCCEEDED', 'FAILED')),
         username text NOT NULL,
         result text NOT NULL,
         resource_link text NOT NULL,
         tasks jsonb NOT NULL,
         scheduled_at bigint NOT NULL,
         completed_at bigint NOT NULL
       )`,
      `CREATE INDEX jobs_completed_at ON ${s}.jobs (completed_at)`,
    ],
  },
];
