import type { DataSource, EntityManager } from "typeorm";
import type { ReadScope, TransactionScope, UnitOfWork } from "../../application/ports/unit-of-work.js";
import type { WorkflowStart } from "../../application/ports/workflow-outbox.js";
import { TypeOrmConsistencyGroupRepository } from "./repositories/typeorm-consistency-group.repository.js";
import { TypeOrmLinkPlacementReader } from "./repositories/typeorm-link-placement-reader.js";
import { TypeOrmLinkedTargetRepository } from "./repositories/typeorm-linked-target.repository.js";
import { TypeOrmProjectRepository } from "./repositories/typeorm-project.repository.js";
import { TypeOrmSessionRepository } from "./repositories/typeorm-session.repository.js";
import { TypeOrmSessionOperationQueue } from "./repositories/typeorm-session-operation-queue.js";
import { TypeOrmSourceVolumeLocks } from "./repositories/typeorm-source-volume-locks.js";
import { TypeOrmStorageCatalog } from "./repositories/typeorm-storage-catalog.js";
import { TypeOrmTaskRepository } from "./repositories/typeorm-task.repository.js";
import { TypeOrmTenantDirectory } from "./repositories/typeorm-tenant-directory.js";
import { TypeOrmVolumeRepository } from "./repositories/typeorm-volume.repository.js";
import { type LaunchAfterCommit, TypeOrmWorkflowOutbox } from "./repositories/typeorm-workflow-outbox.js";

/**
 * One READ COMMITTED transaction per `run`, on one pooled connection: every repository of
 * the scope uses it. Committed when the work resolves; rolled back when it throws, and the
 * error is rethrown unchanged. The scope must not be used after `run` settles, and its
 * calls should be awaited one at a time (they share one connection; `Promise.all` over them
 * only queues them, with a warning from `pg`).
 */
export class TypeOrmUnitOfWork implements UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    /** Launches the workflows a transaction enqueued once it committed; without it, the relay does. */
    private readonly directLaunch?: DirectLaunch,
  ) {}

  async run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    if (!this.directLaunch) return this.dataSource.transaction((manager) => work(transactionScope(manager)));
    const launch: LaunchAfterCommit = { graceMs: this.directLaunch.graceMs, pending: [] };
    const result = await this.dataSource.transaction((manager) => {
      launch.pending.length = 0; // a transaction run again starts afresh
      return work(transactionScope(manager, launch));
    });
    // Not awaited: the caller's answer does not wait for the queue, which may be away (then
    // the rows stay, and the relay delivers them once due).
    if (launch.pending.length > 0) this.directLaunch.launch(launch.pending);
    return result;
  }

  /** On one pooled connection too, in autocommit. */
  async read<T>(work: (scope: ReadScope) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(transactionScope(runner.manager));
    } finally {
      await runner.release();
    }
  }
}

/** What launching after commit needs: how long the relay leaves the rows alone, and the launch. */
export interface DirectLaunch {
  readonly graceMs: number;
  /** Launches the workflows and removes their rows; never rejects (what fails is left to the relay). */
  launch(rows: readonly { id: string; start: WorkflowStart }[]): void;
}

function transactionScope(manager: EntityManager, launch?: LaunchAfterCommit): TransactionScope {
  return {
    sessions: new TypeOrmSessionRepository(manager),
    targets: new TypeOrmLinkedTargetRepository(manager),
    volumes: new TypeOrmVolumeRepository(manager),
    consistencyGroups: new TypeOrmConsistencyGroupRepository(manager),
    tasks: new TypeOrmTaskRepository(manager),
    projects: new TypeOrmProjectRepository(manager),
    tenants: new TypeOrmTenantDirectory(manager),
    sourceLocks: new TypeOrmSourceVolumeLocks(manager),
    catalog: new TypeOrmStorageCatalog(manager),
    outbox: new TypeOrmWorkflowOutbox(manager, launch),
    sessionOperations: new TypeOrmSessionOperationQueue(manager),
    placements: new TypeOrmLinkPlacementReader(manager),
  };
}
