import { SimulatorApi } from "../../../../src/drivers/simulation/simulator-api.js";
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { pino } from "pino";
import type { DataSource } from "typeorm";
import { RestoreConsistencyGroupSnapshotHandler } from "../../../../src/application/consistency-groups/restore-consistency-group-snapshot.handler.js";
import type { ReadModel, TaskView } from "../../../../src/application/ports/read-model.js";
import { READ_MODEL } from "../../../../src/application/ports/read-model.js";
import { UNIT_OF_WORK, type UnitOfWork } from "../../../../src/application/ports/unit-of-work.js";
import type { WorkflowStart } from "../../../../src/application/ports/workflow-outbox.js";
import { CreateGroupSnapshotSessionHandler } from "../../../../src/application/snapshots/create-group-snapshot-session.handler.js";
import { CreateSnapshotSessionHandler } from "../../../../src/application/snapshots/create-snapshot-session.handler.js";
import { DeactivateSnapshotSessionHandler } from "../../../../src/application/snapshots/deactivate-snapshot-session.handler.js";
import { LinkTargetsHandler } from "../../../../src/application/snapshots/link-targets.handler.js";
import { RestoreSnapshotSessionHandler } from "../../../../src/application/snapshots/restore-snapshot-session.handler.js";
import { UnlinkTargetsHandler } from "../../../../src/application/snapshots/unlink-targets.handler.js";
import { CreateVolumesHandler } from "../../../../src/application/volumes/create-volumes.handler.js";
import { planWorkflow } from "../../../../src/application/workflows/workflows.js";
import type { Caller } from "../../../../src/domain/tenancy/caller.js";
import {
  ARRAY_STATE_STORE,
  type ArrayStateStore,
  type SimDevice,
  type SimFaultSpec,
  type SimLink,
} from "../../../../src/drivers/simulation/array-state-store.js";
import { StoredFaultPlan } from "../../../../src/drivers/simulation/fault-plan.js";
import { SIMULATION_CLOCK, type SimulationClock } from "../../../../src/drivers/simulation/simulation-clock.js";
import { loadConfig } from "../../../../src/infrastructure/config/config.js";
import { createAllInOneContainer } from "../../../../src/infrastructure/container/process-containers.js";
import { openRuntime, type Runtime } from "../../../../src/infrastructure/container/runtime.js";
import { type SeededFamily, type SeededIds, seedDefaults } from "../../../../src/infrastructure/persistence/seed.js";
import { migrateSimulatedArrays } from "../../../../src/infrastructure/persistence/simulated-arrays/migrate-simulated-arrays.js";
import { WorkflowLauncher } from "../../../../src/infrastructure/queue/workflow-launcher.js";
import { startWorker } from "../../../../src/main/worker-service.js";

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export type QueueKind = "redis" | "postgres";

/** How long a workflow may take before a test gives up on it; far above what an instant clock needs. */
const DEADLINE_MS = 15_000;
const POLL_MS = 20;

/** A database of its own for one test file: `coprsim_wf_<random>`, dropped by `drop()`. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `coprsim_wf_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Deletes every Redis key of a queue namespace (its prefix), so test runs leave nothing behind. */
export async function dropRedisNamespace(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 })) keys.push(...(batch as string[]));
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** Polls `probe` until it returns something other than undefined, or fails after the deadline. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * coprsim's worker in this process, on a scratch database and the chosen queue backend: the
 * real composition (`createAllInOneContainer`, `startWorker`: outbox relay and step worker),
 * an instant simulation clock and short poll intervals. The handlers are called directly with
 * root's Caller; assertions read the read model, the repositories and the arrays' state store.
 */
export class WorkflowWorld {
  private constructor(
    private readonly runtime: Runtime,
    private readonly namespace: string,
    readonly ids: SeededIds,
    readonly caller: Caller,
    readonly readModel: ReadModel,
    readonly unitOfWork: UnitOfWork,
    readonly arrays: ArrayStateStore,
    readonly clock: SimulationClock,
    readonly launcher: WorkflowLauncher,
    /** The `/sim` data plane, by the controller's ids of volumes and linked targets. */
    readonly sim: SimulatorApi,
    private readonly handlers: {
      readonly volumes: CreateVolumesHandler;
      readonly sessions: CreateSnapshotSessionHandler;
      readonly groupSessions: CreateGroupSnapshotSessionHandler;
      readonly links: LinkTargetsHandler;
      readonly unlinks: UnlinkTargetsHandler;
      readonly restores: RestoreSnapshotSessionHandler;
      readonly deactivations: DeactivateSnapshotSessionHandler;
      readonly groupRestores: RestoreConsistencyGroupSnapshotHandler;
    },
    private readonly stopWorker: () => Promise<void>,
  ) {}

  static async start(kind: QueueKind, databaseUrl: string): Promise<WorkflowWorld> {
    const namespace = `wf_${kind}_${randomBytes(4).toString("hex")}`;
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      ...(kind === "redis" ? { REDIS_URL: TEST_REDIS_URL } : {}),
      COPRSIM_QUEUE_NAMESPACE: namespace,
      COPRSIM_SEED: "false",
      COPRSIM_CLOCK: "instant",
      COPRSIM_POLL_INTERVAL_MS: "20",
      COPRSIM_WORKER_CONCURRENCY: "16",
      LOG_LEVEL: process.env.WF_LOG_LEVEL ?? "silent",
    });
    const logger = pino({ name: `wf-${kind}`, level: config.logLevel });
    let ids: SeededIds | undefined;
    const runtime = await openRuntime(config, logger, async (dataSource: DataSource) => {
      await migrateSimulatedArrays(dataSource);
      ids = await seedDefaults(dataSource, { rootPassword: "ChangeMe", sysmonitorPassword: "ChangeMe" });
    });
    if (!ids) throw new Error("the seed did not run");
    const container = createAllInOneContainer(config, logger, runtime);
    const stopWorker = await startWorker(container, config, logger, runtime);
    const caller: Caller = {
      userName: "root",
      tenantId: ids.tenantId,
      vdcRoles: new Set(["SYSTEM_ADMIN"]),
      tenantRoles: new Map([[ids.tenantId, new Set(["TENANT_ADMIN"] as const)]]),
    };
    return new WorkflowWorld(
      runtime,
      namespace,
      ids,
      caller,
      container.get<ReadModel>(READ_MODEL),
      container.get<UnitOfWork>(UNIT_OF_WORK),
      container.get<ArrayStateStore>(ARRAY_STATE_STORE),
      container.get<SimulationClock>(SIMULATION_CLOCK),
      container.get(WorkflowLauncher),
      container.get(SimulatorApi),
      {
        volumes: container.get(CreateVolumesHandler),
        sessions: container.get(CreateSnapshotSessionHandler),
        groupSessions: container.get(CreateGroupSnapshotSessionHandler),
        links: container.get(LinkTargetsHandler),
        unlinks: container.get(UnlinkTargetsHandler),
        restores: container.get(RestoreSnapshotSessionHandler),
        deactivations: container.get(DeactivateSnapshotSessionHandler),
        groupRestores: container.get(RestoreConsistencyGroupSnapshotHandler),
      },
      stopWorker,
    );
  }

  async stop(): Promise<void> {
    await this.stopWorker();
    await this.runtime.close();
    // The Postgres backend's schema goes with the scratch database.
    if (this.runtime.queue.kind === "redis") await dropRedisNamespace(this.namespace);
  }

  /** The array behind the seeded storage system of the family (its serial number). */
  async arrayIdOf(family: SeededFamily): Promise<string> {
    const system = await this.readModel.storageSystem(this.ids.systemIds[family]);
    if (!system) throw new Error(`no seeded ${family} system`);
    return system.nativeId;
  }

  async injectFault(family: SeededFamily, spec: SimFaultSpec): Promise<void> {
    await new StoredFaultPlan(this.arrays).inject(await this.arrayIdOf(family), spec);
  }

  async plannedFaults(family: SeededFamily) {
    return new StoredFaultPlan(this.arrays).planned(await this.arrayIdOf(family));
  }

  async clearFaults(family: SeededFamily): Promise<void> {
    await new StoredFaultPlan(this.arrays).clear(await this.arrayIdOf(family));
  }

  /** The device the array created for a controller id (volume or target), found by its idempotency key. */
  async arrayDeviceFor(family: SeededFamily, controllerId: string): Promise<SimDevice | null> {
    return this.arrays.transaction(await this.arrayIdOf(family), (tx) => tx.deviceByIdempotencyKey(controllerId));
  }

  /** Every device on the family's array (volumes and targets alike). */
  async arrayDeviceCount(family: SeededFamily): Promise<number> {
    const [row]: { devices: number }[] = await this.runtime.dataSource.query(
      "SELECT count(*)::int AS devices FROM sim.devices WHERE array_id = $1",
      [await this.arrayIdOf(family)],
    );
    return row?.devices ?? 0;
  }

  async arrayLinkOf(family: SeededFamily, targetNativeId: string): Promise<SimLink | null> {
    return this.arrays.transaction(await this.arrayIdOf(family), (tx) => tx.linkOfTarget(targetNativeId));
  }

  /** Starts creating a volume of the family; returns its task. */
  /** With `consistencyGroup`, in that group, from the family's pool with `multi_volume_consistency`. */
  async startVolume(family: SeededFamily, name: string, size = "1GB", consistencyGroup?: string): Promise<TaskView> {
    const [task] = await this.handlers.volumes.handle(this.caller, {
      name,
      size,
      varray: this.ids.varrayId,
      vpool: consistencyGroup ? this.ids.consistencyVpoolIds[family] : this.ids.vpoolIds[family],
      project: this.ids.projectId,
      ...(consistencyGroup ? { consistencyGroup } : {}),
    });
    if (!task) throw new Error("no volume task");
    return task;
  }

  /** A provisioned volume with an established snapshot session; returns the session's id. */
  async sourceWithSession(
    family: SeededFamily,
    name: string,
    size = "1GB",
  ): Promise<{ volumeId: string; sessionId: string }> {
    const volumeTask = await this.startVolume(family, name, size);
    expectReady(await this.finished(volumeTask.id));
    const volumeId = volumeTask.resource.id;
    const sessionTask = await this.startSession(volumeId, `${name}-snap`);
    expectReady(await this.finished(sessionTask.id));
    return { volumeId, sessionId: sessionTask.resource.id };
  }

  /** Starts creating a snapshot session of the volume; returns the session's task. */
  async startSession(volumeId: string, name: string): Promise<TaskView> {
    const [task] = await this.handlers.sessions.handle(this.caller, volumeId, () => ({ name }));
    if (!task) throw new Error("no session task");
    return task;
  }

  /** Starts creating a snapshot session of the consistency group; returns its tasks (the session's, the group's). */
  startGroupSession(
    groupId: string,
    name: string,
    targets?: { count: number; targetName: string; copyMode: "copy" | "nocopy" },
  ): Promise<TaskView[]> {
    return this.handlers.groupSessions.handle(this.caller, groupId, () => ({
      name,
      ...(targets ? { newLinkedTargets: targets } : {}),
    }));
  }

  link(sessionId: string, count: number, targetName: string, copyMode: "copy" | "nocopy"): Promise<TaskView> {
    return this.handlers.links.handle(this.caller, sessionId, () => ({
      newLinkedTargets: { count, targetName, copyMode },
    }));
  }

  unlink(sessionId: string, targetId: string | undefined, deleteTarget: boolean): Promise<TaskView> {
    return this.handlers.unlinks.handle(this.caller, sessionId, () => ({
      linkedTargets: [{ id: targetId, deleteTarget }],
    }));
  }

  /** Deletes the session (`FULL`); returns the tasks answered. */
  deactivate(sessionId: string): Promise<TaskView[]> {
    return this.handlers.deactivations.handle(this.caller, sessionId, "FULL");
  }

  restore(sessionId: string): Promise<TaskView> {
    return this.handlers.restores.handle(this.caller, sessionId);
  }

  /** Starts restoring every member of the group from the set of the group's target. */
  restoreGroup(groupId: string, targetId: string): Promise<TaskView> {
    return this.handlers.groupRestores.handle(this.caller, groupId, targetId);
  }

  /** The task once it is `ready` or `error`. */
  finished(taskId: string): Promise<TaskView> {
    return eventually(`task ${taskId} to finish`, async () => {
      const task = await this.readModel.task(taskId);
      return task && (task.state === "ready" || task.state === "error") ? task : undefined;
    });
  }

  /** Every job of the queue has finished (nothing waiting, delayed, active or waiting for children). */
  async queueDrained(): Promise<void> {
    await eventually("the queue to drain", async () =>
      (await this.runtime.queue.countUnfinished()) === 0 ? true : undefined,
    );
  }

  /** The targets a link task prepared, in creation order. */
  async targetsOf(taskId: string) {
    const targets = await this.unitOfWork.run((scope) => scope.targets.findByLinkTask(taskId));
    return Promise.all(
      targets.map(async (target) => {
        const view = await this.readModel.linkedTarget(target.id);
        if (!view) throw new Error(`no view of target ${target.id}`);
        return { ...view, failure: target.toState().failure };
      }),
    );
  }

  /** Delivers a workflow start to the queue, as the outbox relay does. */
  launch(start: WorkflowStart): Promise<void> {
    return this.launcher.launch(planWorkflow(start));
  }
}

function expectReady(task: TaskView): void {
  if (task.state !== "ready") {
    throw new Error(`task ${task.name} on ${task.resource.id} ended ${task.state}: ${task.serviceError?.details}`);
  }
}
