import type { TenantView } from "../../../src/application/ports/read-model.js";
import type { SessionOperation } from "../../../src/application/ports/session-operations.js";
import type {
  StoragePoolRecord,
  StorageSystemRecord,
  VirtualArrayRecord,
  VirtualPoolRecord,
} from "../../../src/application/ports/storage-catalog.js";
import type { WorkflowStart } from "../../../src/application/ports/workflow-outbox.js";
import type { BlockConsistencyGroupState } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import type { SessionState } from "../../../src/domain/snapshots/block-snapshot-session.js";
import type { LinkedTargetState } from "../../../src/domain/snapshots/linked-target.js";
import type { VolumeState } from "../../../src/domain/storage/volume.js";
import type { TaskRecordState } from "../../../src/domain/tasks/task.js";
import type { ProjectState } from "../../../src/domain/tenancy/project.js";

export interface StoredStorageSystem extends StorageSystemRecord {
  readonly creationTime: number;
}

export interface StoredStoragePool extends StoragePoolRecord {
  /** The virtual arrays from which the pool is reachable. */
  readonly varrayIds: readonly string[];
  readonly creationTime: number;
}

export interface StoredVarray extends VirtualArrayRecord {
  readonly creationTime: number;
}

export interface StoredVpool extends VirtualPoolRecord {
  readonly creationTime: number;
}

/**
 * The whole controller database in memory: aggregate states (immutable objects, replaced on
 * every change), the storage catalogue and the outbox. A transaction works on a copy and
 * commits by replacing the tables (see ./in-memory-unit-of-work.ts).
 */
export class InMemoryStore {
  tenants = new Map<string, TenantView>();
  projects = new Map<string, ProjectState>();
  volumes = new Map<string, VolumeState>();
  consistencyGroups = new Map<string, BlockConsistencyGroupState>();
  sessions = new Map<string, SessionState>();
  targets = new Map<string, LinkedTargetState>();
  tasks = new Map<string, TaskRecordState>();
  storageSystems = new Map<string, StoredStorageSystem>();
  storagePools = new Map<string, StoredStoragePool>();
  varrays = new Map<string, StoredVarray>();
  vpools = new Map<string, StoredVpool>();
  outbox: WorkflowStart[] = [];
  /** The session queues, each operation with its session, in the order appended. */
  sessionOperations: (SessionOperation & { readonly sessionId: string })[] = [];

  /** A copy whose tables can change without touching this store. */
  copy(): InMemoryStore {
    const copy = new InMemoryStore();
    copy.replaceWith(this);
    return copy;
  }

  /** Takes over the content of another store (the commit of a transaction). */
  replaceWith(other: InMemoryStore): void {
    this.tenants = new Map(other.tenants);
    this.projects = new Map(other.projects);
    this.volumes = new Map(other.volumes);
    this.consistencyGroups = new Map(other.consistencyGroups);
    this.sessions = new Map(other.sessions);
    this.targets = new Map(other.targets);
    this.tasks = new Map(other.tasks);
    this.storageSystems = new Map(other.storageSystems);
    this.storagePools = new Map(other.storagePools);
    this.varrays = new Map(other.varrays);
    this.vpools = new Map(other.vpools);
    this.outbox = [...other.outbox];
    this.sessionOperations = [...other.sessionOperations];
  }
}
