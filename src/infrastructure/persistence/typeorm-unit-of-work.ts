import type { DataSource, EntityManager } from "typeorm";
import type { ReadScope, TransactionScope, UnitOfWork } from "../../application/ports/unit-of-work.js";
import { TypeOrmLinkedTargetRepository } from "./repositories/typeorm-linked-target.repository.js";
import { TypeOrmProjectRepository } from "./repositories/typeorm-project.repository.js";
import { TypeOrmSessionRepository } from "./repositories/typeorm-session.repository.js";
import { TypeOrmSessionOperationQueue } from "./repositories/typeorm-session-operation-queue.js";
import { TypeOrmSourceVolumeLocks } from "./repositories/typeorm-source-volume-locks.js";
import { TypeOrmStorageCatalog } from "./repositories/typeorm-storage-catalog.js";
import { TypeOrmTaskRepository } from "./repositories/typeorm-task.repository.js";
import { TypeOrmTenantDirectory } from "./repositories/typeorm-tenant-directory.js";
import { TypeOrmVolumeRepository } from "./repositories/typeorm-volume.repository.js";
import { TypeOrmWorkflowOutbox } from "./repositories/typeorm-workflow-outbox.js";

/**
 * One READ COMMITTED transaction per `run`, on one pooled connection: every repository of
 * the scope uses it. Committed when the work resolves; rolled back when it throws, and the
 * error is rethrown unchanged. The scope must not be used after `run` settles, and its
 * calls should be awaited one at a time (they share one connection; `Promise.all` over them
 * only queues them, with a warning from `pg`).
 */
export class TypeOrmUnitOfWork implements UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionScope(manager)));
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

function transactionScope(manager: EntityManager): TransactionScope {
  return {
    sessions: new TypeOrmSessionRepository(manager),
    targets: new TypeOrmLinkedTargetRepository(manager),
    volumes: new TypeOrmVolumeRepository(manager),
    tasks: new TypeOrmTaskRepository(manager),
    projects: new TypeOrmProjectRepository(manager),
    tenants: new TypeOrmTenantDirectory(manager),
    sourceLocks: new TypeOrmSourceVolumeLocks(manager),
    catalog: new TypeOrmStorageCatalog(manager),
    outbox: new TypeOrmWorkflowOutbox(manager),
    sessionOperations: new TypeOrmSessionOperationQueue(manager),
  };
}
