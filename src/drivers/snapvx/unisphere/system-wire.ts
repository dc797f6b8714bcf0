/* Unisphere's version, its arrays and its jobs (`/version`, `/{ver}/system/…`): see unisphere-wire.ts. */

/** `GET /version`. */
export interface UnisphereVersion {
  /** `V10.3.0.0`: a letter (V release, T test, X development) and the dotted version. */
  readonly version: string;
  readonly api_version?: string;
  readonly supported_api_versions?: readonly string[];
}

/** `GET /{ver}/system/symmetrix/{sym}`. 5978 arrays say `ucode`, 6079 ones `microcode`. */
export interface SymmetrixSystem {
  readonly symmetrixId: string;
  readonly model: string;
  readonly ucode?: string;
  readonly microcode?: string;
  readonly local?: boolean;
  readonly device_count?: number;
  readonly default_fba_srp?: string;
}

/** `GET /{ver}/system/symmetrix` and `GET /{ver}/sloprovisioning/symmetrix`. */
export interface SymmetrixIdList {
  readonly symmetrixId: readonly string[];
}

/** `GET /{ver}/replication/capabilities/symmetrix`. */
export interface ReplicationCapabilities {
  readonly symmetrixCapability: readonly {
    readonly symmetrixId: string;
    readonly snapVxCapable: boolean;
    readonly rdfCapable: boolean;
  }[];
}

export type JobStatus = "UNSCHEDULED" | "SCHEDULED" | "RUNNING" | "SUCCEEDED" | "FAILED";

/** The statuses a client waits through (compared without case): anything else but SUCCEEDED failed. */
export const UNFINISHED_JOB_STATUSES: readonly string[] = [
  "created",
  "unscheduled",
  "scheduled",
  "running",
  "validating",
  "validated",
];

/** An asynchronous job: the 202 answer of a request with `executionOption: ASYNCHRONOUS`, and `GET /{ver}/system/job/{id}`. */
export interface UnisphereJob {
  readonly jobId: string;
  readonly name: string;
  readonly symmetrixId: string;
  readonly status: JobStatus;
  readonly username: string;
  readonly last_modified_date: string;
  readonly last_modified_date_milliseconds: number;
  readonly scheduled_date: string;
  readonly scheduled_date_milliseconds: number;
  readonly completed_date?: string;
  readonly completed_date_milliseconds?: number;
  readonly task: readonly JobTask[];
  readonly resourceLink: string;
  /** `Succeeded`, or the array's text of what failed. */
  readonly result: string;
}

export interface JobTask {
  readonly execution_order: number;
  readonly description: string;
}

/** What a job's task says when it made volumes (clients take the device ids from it). */
export const CREATING_VOLUMES = "Creating new Volumes";
export const POPULATING_STORAGE_GROUP = "Populating Storage Group(s) with volumes";
