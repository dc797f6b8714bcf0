import type { LinkPlacementReader } from "./link-placement.js";
import type {
  ConsistencyGroupRepository,
  LinkedTargetRepository,
  ProjectRepository,
  SessionRepository,
  SourceVolumeLocks,
  TaskRepository,
  TenantDirectory,
  VolumeRepository,
} from "./repositories.js";
import type { SessionOperationQueue } from "./session-operations.js";
import type { StorageCatalog } from "./storage-catalog.js";
import type { WorkflowOutbox } from "./workflow-outbox.js";

/** Everything a use case may read or write inside one transaction. */
export interface TransactionScope {
  readonly sessions: SessionRepository;
  readonly targets: LinkedTargetRepository;
  readonly volumes: VolumeRepository;
  readonly consistencyGroups: ConsistencyGroupRepository;
  readonly tasks: TaskRepository;
  readonly projects: ProjectRepository;
  readonly tenants: TenantDirectory;
  readonly sourceLocks: SourceVolumeLocks;
  readonly catalog: StorageCatalog;
  readonly outbox: WorkflowOutbox;
  readonly sessionOperations: SessionOperationQueue;
  readonly placements: LinkPlacementReader;
}

/** What read-only work may use: the finders of the transactional ports. */
export interface ReadScope {
  readonly sessions: Pick<SessionRepository, "findById">;
  readonly targets: Pick<
    LinkedTargetRepository,
    "findById" | "findByLinkTask" | "findActiveBySession" | "tallyLinkTask"
  >;
  readonly volumes: Pick<VolumeRepository, "findById">;
  readonly consistencyGroups: Pick<ConsistencyGroupRepository, "findById" | "countActiveVolumes">;
  readonly tasks: Pick<TaskRepository, "findById" | "findUnfinishedOn">;
  readonly projects: Pick<ProjectRepository, "findById" | "findActiveByName">;
  readonly catalog: StorageCatalog;
  readonly placements: LinkPlacementReader;
}

/**
 * Runs work in one database transaction: committed when the work resolves, rolled back when
 * it throws (the error is rethrown unchanged).
 */
export interface UnitOfWork {
  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T>;
  /**
   * Runs read-only work outside a transaction, without its two round trips: each read sees
   * what was committed when it ran (as each statement of a READ COMMITTED transaction does),
   * takes no lock, and the reads together are not one snapshot. Errors are rethrown unchanged.
   */
  read<T>(work: (scope: ReadScope) => Promise<T>): Promise<T>;
}

export const UNIT_OF_WORK = Symbol("UnitOfWork");
