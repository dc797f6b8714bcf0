import type {
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
  readonly tasks: TaskRepository;
  readonly projects: ProjectRepository;
  readonly tenants: TenantDirectory;
  readonly sourceLocks: SourceVolumeLocks;
  readonly catalog: StorageCatalog;
  readonly outbox: WorkflowOutbox;
  readonly sessionOperations: SessionOperationQueue;
}

/**
 * Runs work in one database transaction: committed when the work resolves, rolled back when
 * it throws (the error is rethrown unchanged).
 */
export interface UnitOfWork {
  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T>;
}

export const UNIT_OF_WORK = Symbol("UnitOfWork");
