import { ConcurrencyConflict } from "../../../src/application/ports/concurrency-conflict.js";
import type { LinkPlacementReader } from "../../../src/application/ports/link-placement.js";
import type {
  ConsistencyGroupRepository,
  LinkedTargetRepository,
  ProjectRepository,
  SessionRepository,
  SourceLinkUsage,
  SourceVolumeLocks,
  TaskRepository,
  TenantDirectory,
  VolumeRepository,
} from "../../../src/application/ports/repositories.js";
import type { SessionOperationQueue } from "../../../src/application/ports/session-operations.js";
import type { StorageCatalog } from "../../../src/application/ports/storage-catalog.js";
import type { ReadScope, TransactionScope, UnitOfWork } from "../../../src/application/ports/unit-of-work.js";
import type { WorkflowOutbox } from "../../../src/application/ports/workflow-outbox.js";
import { BlockConsistencyGroup } from "../../../src/domain/consistency-groups/block-consistency-group.js";
import { InvariantViolation } from "../../../src/domain/shared/service-error.js";
import { BlockSnapshotSession, type SessionState } from "../../../src/domain/snapshots/block-snapshot-session.js";
import { LinkedTarget } from "../../../src/domain/snapshots/linked-target.js";
import { Volume } from "../../../src/domain/storage/volume.js";
import { Task } from "../../../src/domain/tasks/task.js";
import { Project } from "../../../src/domain/tenancy/project.js";
import type { InMemoryStore } from "./in-memory-store.js";

type Versioned = { readonly id: string; readonly version: number };

/** Insert, and optimistic update that checks the loaded version and stores version + 1. */
class VersionedTable<S extends Versioned> {
  constructor(
    private readonly rows: Map<string, S>,
    private readonly aggregate: string,
  ) {}

  find(id: string): S | undefined {
    return this.rows.get(id);
  }

  insert(state: S): void {
    if (this.rows.has(state.id)) throw new InvariantViolation(`${this.aggregate} ${state.id} already exists`);
    this.rows.set(state.id, state);
  }

  update(state: S): void {
    const stored = this.rows.get(state.id);
    if (!stored) throw new InvariantViolation(`${this.aggregate} ${state.id} was never added`);
    if (stored.version !== state.version) throw new ConcurrencyConflict(this.aggregate, state.id);
    this.rows.set(state.id, { ...state, version: state.version + 1 });
  }
}

/** The repositories and the other transactional ports, over one (copied) store. */
export function transactionScope(store: InMemoryStore): TransactionScope {
  const sessions = new VersionedTable(store.sessions, "BlockSnapshotSession");
  const targets = new VersionedTable(store.targets, "BlockSnapshot");
  const volumes = new VersionedTable(store.volumes, "Volume");
  const tasks = new VersionedTable(store.tasks, "Task");
  const projects = new VersionedTable(store.projects, "Project");
  const groups = new VersionedTable(store.consistencyGroups, "BlockConsistencyGroup");

  const sessionRepository: SessionRepository = {
    findById: async (id) => maybe(sessions.find(id), BlockSnapshotSession.rehydrate),
    add: async (session) => sessions.insert(session.toState()),
    save: async (session) => sessions.update(session.toState()),
  };
  const targetRepository: LinkedTargetRepository = {
    findById: async (id) => maybe(targets.find(id), LinkedTarget.rehydrate),
    findByIds: async (ids) =>
      ids.flatMap((id) => {
        const target = maybe(targets.find(id), LinkedTarget.rehydrate);
        return target ? [target] : [];
      }),
    findByLinkTask: async (taskId) =>
      [...store.targets.values()].filter((t) => t.linkTaskId === taskId).map(LinkedTarget.rehydrate),
    tallyLinkTask: async (taskId) => {
      const ofTask = [...store.targets.values()].filter((t) => t.linkTaskId === taskId);
      const synchronized = ofTask.filter((t) => t.replicaState === "SYNCHRONIZED");
      const copying = ofTask.filter((t) => t.replicaState !== "SYNCHRONIZED" && t.copyMode === "copy");
      return {
        targets: ofTask.length,
        synchronized: synchronized.length,
        copyingPercentSum: copying.reduce((sum, t) => sum + t.linkState.percentCopied, 0),
      };
    },
    findActiveBySession: async (sessionId) =>
      [...store.targets.values()]
        .filter((t) => t.sessionId === sessionId && !t.inactive)
        .sort((a, b) => a.creationTime - b.creationTime)
        .map(LinkedTarget.rehydrate),
    addAll: async (added) => {
      for (const target of added) targets.insert(target.toState());
    },
    save: async (target) => targets.update(target.toState()),
    saveAll: async (changed) => {
      for (const target of changed) {
        const stored = targets.find(target.id);
        if (!stored || stored.version !== target.toState().version) {
          throw new ConcurrencyConflict("BlockSnapshot", target.id);
        }
      }
      for (const target of changed) targets.update(target.toState());
    },
  };
  const volumeRepository: VolumeRepository = {
    findById: async (id) => maybe(volumes.find(id), Volume.rehydrate),
    claimNames: async (projectId, names) =>
      names.filter((name) =>
        [...store.volumes.values()].some(
          (v) => v.placement.projectId === projectId && !v.inactive && v.name.toLowerCase() === name.toLowerCase(),
        ),
      ),
    findActiveInConsistencyGroup: async (groupId) =>
      [...store.volumes.values()]
        .filter((v) => v.consistencyGroupId === groupId && !v.inactive)
        .sort((a, b) => a.creationTime - b.creationTime || (a.id < b.id ? -1 : 1))
        .map(Volume.rehydrate),
    add: async (volume) => volumes.insert(volume.toState()),
    save: async (volume) => volumes.update(volume.toState()),
  };
  const consistencyGroupRepository: ConsistencyGroupRepository = {
    findById: async (id) => maybe(groups.find(id), BlockConsistencyGroup.rehydrate),
    findLocked: async (id) => maybe(groups.find(id), BlockConsistencyGroup.rehydrate),
    claimName: async (name) =>
      [...store.consistencyGroups.values()].some((g) => !g.inactive && g.name.toLowerCase() === name.toLowerCase()),
    countActiveVolumes: async (groupId) =>
      [...store.volumes.values()].filter((v) => v.consistencyGroupId === groupId && !v.inactive).length,
    add: async (group) => {
      const state = group.toState();
      const taken = [...store.consistencyGroups.values()].some(
        (g) => !g.inactive && g.name.toLowerCase() === state.name.toLowerCase(),
      );
      if (taken) throw new InvariantViolation(`an active consistency group is named ${state.name}`);
      groups.insert(state);
    },
    save: async (group) => groups.update(group.toState()),
  };
  const taskRepository: TaskRepository = {
    findById: async (id) => maybe(tasks.find(id), Task.rehydrate),
    findUnfinishedOn: async (resourceId) =>
      [...store.tasks.values()]
        .filter(
          (t) =>
            (t.state === "queued" || t.state === "pending") &&
            (t.resource.id === resourceId || t.associatedResources.some((r) => r.id === resourceId)),
        )
        .map(Task.rehydrate),
    add: async (task) => tasks.insert(task.toState()),
    save: async (task) => tasks.update(task.toState()),
    raiseProgress: async (taskId, progress) => {
      const stored = tasks.find(taskId);
      if (stored?.state === "pending" && stored.progress < progress) tasks.update({ ...stored, progress });
    },
  };
  const projectRepository: ProjectRepository = {
    findById: async (id) => maybe(projects.find(id), Project.rehydrate),
    findActiveByName: async (tenantId, name) => {
      const found = [...store.projects.values()].find(
        (p) => p.tenantId === tenantId && !p.inactive && p.name.toLowerCase() === name.toLowerCase(),
      );
      return maybe(found, Project.rehydrate);
    },
    add: async (project) => projects.insert(project.toState()),
    save: async (project) => projects.update(project.toState()),
    findLocked: async (id) => maybe(projects.find(id), Project.rehydrate),
    activeReferenceType: async (projectId) => {
      if ([...store.volumes.values()].some((volume) => volume.placement.projectId === projectId && !volume.inactive))
        return "Volume";
      if ([...store.consistencyGroups.values()].some((group) => group.projectId === projectId && !group.inactive))
        return "BlockConsistencyGroup";
      return null;
    },
  };
  const tenants: TenantDirectory = { exists: async (tenantId) => store.tenants.has(tenantId) };
  const sourceLocks: SourceVolumeLocks = { lockForLinking: async (volumeId) => sourceUsage(store, volumeId) };
  const outbox: WorkflowOutbox = {
    enqueue: async (start) => {
      store.outbox.push(start);
    },
  };

  // One transaction at a time (see InMemoryUnitOfWork): the lock has nothing to wait for.
  const sessionOperations: SessionOperationQueue = {
    lock: async (sessionId) => {
      const queue = store.sessionOperations.filter((o) => o.sessionId === sessionId);
      return [...queue.filter((o) => o.running), ...queue.filter((o) => !o.running)].map(
        ({ sessionId: _session, ...operation }) => operation,
      );
    },
    append: async (sessionId, operation) => {
      store.sessionOperations.push({ ...operation, sessionId });
    },
    markRunning: async (taskId) => {
      store.sessionOperations = store.sessionOperations.map((o) =>
        o.taskId === taskId ? { ...o, running: true, start: null } : o,
      );
    },
    remove: async (taskId) => {
      store.sessionOperations = store.sessionOperations.filter((o) => o.taskId !== taskId);
    },
  };

  const catalog = storageCatalog(store);
  const placements: LinkPlacementReader = {
    async find(ids) {
      const session = await sessionRepository.findById(ids.sessionId);
      const volume = await volumeRepository.findById(ids.sourceVolumeId);
      return {
        session: session && {
          label: session.label,
          inactive: session.toState().inactive,
          snapshotNativeId: session.arraySnapshot?.nativeId ?? null,
        },
        system: await catalog.findStorageSystem(ids.storageSystemId),
        poolNativeId: (await catalog.findStoragePool(ids.storagePoolId))?.nativeId ?? null,
        source: volume && { nativeId: volume.device?.nativeId ?? null },
      };
    },
  };

  return {
    sessionOperations,
    placements,
    sessions: sessionRepository,
    targets: targetRepository,
    volumes: volumeRepository,
    consistencyGroups: consistencyGroupRepository,
    tasks: taskRepository,
    projects: projectRepository,
    tenants,
    sourceLocks,
    catalog,
    outbox,
  };
}

function maybe<S, A>(state: S | undefined, rehydrate: (state: S) => A): A | null {
  return state === undefined ? null : rehydrate(state);
}

/** What the source lock reads: active sessions of the source, and their active targets. */
function sourceUsage(store: InMemoryStore, volumeId: string): SourceLinkUsage {
  const volume = store.volumes.get(volumeId);
  if (!volume) throw new InvariantViolation(`no volume ${volumeId} to lock`);
  const ofSource = (s: SessionState) =>
    s.source.volumeId === volumeId || (s.members ?? []).some((m) => m.source.volumeId === volumeId);
  const sessions = [...store.sessions.values()].filter((s) => ofSource(s) && !s.inactive);
  const sessionIds = new Set(sessions.map((s) => s.id));
  const targets = [...store.targets.values()].filter(
    (t) => sessionIds.has(t.sessionId) && t.sourceVolumeId === volumeId && !t.inactive,
  );
  return {
    sourceVolumeName: volume.name,
    linkedOrLinkingTargets: targets.length,
    labelsInUse: [...sessions.map((s) => s.label), ...targets.map((t) => t.snapsetLabel ?? t.label)],
    activeSessions: sessions.length,
    targetsBeingLinked: [...store.targets.values()].filter(
      (t) => t.sourceVolumeId === volumeId && !t.inactive && t.replicaState !== "SYNCHRONIZED",
    ).length,
  };
}

export function storageCatalog(store: InMemoryStore): StorageCatalog {
  return {
    findStorageSystem: async (id) => store.storageSystems.get(id) ?? null,
    findStoragePool: async (id) => store.storagePools.get(id) ?? null,
    findVirtualPool: async (id) => store.vpools.get(id) ?? null,
    findVirtualArray: async (id) => store.varrays.get(id) ?? null,
    findPoolsFor: async (systemType, varrayId) =>
      [...store.storagePools.values()].filter(
        (pool) =>
          pool.varrayIds.includes(varrayId) &&
          store.storageSystems.get(pool.storageSystemId)?.systemType === systemType,
      ),
  };
}

/**
 * Transactions one at a time, each on a copy of the store that replaces it on success and
 * is dropped when the work throws: committed whole or not at all.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: InMemoryStore) {}

  run<T>(work: (scope: TransactionScope) => Promise<T>): Promise<T> {
    const result = this.last.then(async () => {
      const draft = this.store.copy();
      const value = await work(transactionScope(draft));
      this.store.replaceWith(draft);
      return value;
    });
    this.last = result.catch(() => undefined);
    return result;
  }

  read<T>(work: (scope: ReadScope) => Promise<T>): Promise<T> {
    const result = this.last.then(() => work(transactionScope(this.store.copy())));
    this.last = result.catch(() => undefined);
    return result;
  }
}
