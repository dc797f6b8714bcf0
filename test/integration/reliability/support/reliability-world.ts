import "reflect-metadata";
import { randomBytes } from "node:crypto";
import type { Container } from "inversify";
import { pino } from "pino";
import type { DataSource } from "typeorm";
import { READ_MODEL, type ReadModel, type TaskView } from "../../../../src/application/ports/read-model.js";
import type { WorkflowStart } from "../../../../src/application/ports/workflow-outbox.js";
import { CreateSnapshotSessionHandler } from "../../../../src/application/snapshots/create-snapshot-session.handler.js";
import { LinkTargetsHandler } from "../../../../src/application/snapshots/link-targets.handler.js";
import { CreateVolumesHandler } from "../../../../src/application/volumes/create-volumes.handler.js";
import { planWorkflow } from "../../../../src/application/workflows/workflows.js";
import type { Caller } from "../../../../src/domain/tenancy/caller.js";
import { ARRAY_STATE_STORE, type ArrayStateStore } from "../../../../src/drivers/simulation/array-state-store.js";
import { StoredFaultPlan } from "../../../../src/drivers/simulation/fault-plan.js";
import { type Config, loadConfig } from "../../../../src/infrastructure/config/config.js";
import { STEP_REGISTRY } from "../../../../src/infrastructure/container/infrastructure-tokens.js";
import { createAllInOneContainer } from "../../../../src/infrastructure/container/process-containers.js";
import { openRuntime, type Runtime } from "../../../../src/infrastructure/container/runtime.js";
import { type SeededFamily, type SeededIds, seedDefaults } from "../../../../src/infrastructure/persistence/seed.js";
import { migrateSimulatedArrays } from "../../../../src/infrastructure/persistence/simulated-arrays/migrate-simulated-arrays.js";
import { WorkflowRunStore } from "../../../../src/infrastructure/persistence/workflow-run-store.js";
import { jobIdFor } from "../../../../src/infrastructure/queue/job-options.js";
import type { StepRegistry } from "../../../../src/infrastructure/queue/step-worker.js";
import { WorkflowLauncher } from "../../../../src/infrastructure/queue/workflow-launcher.js";
import { WorkflowReconciler } from "../../../../src/infrastructure/queue/workflow-reconciler.js";
import { startWorker } from "../../../../src/main/worker-service.js";
import { openQueueInspector, type QueueInspector } from "../../../support/queue/queue-inspector.js";
import {
  dropRedisNamespace,
  eventually,
  type QueueKind,
  TEST_REDIS_URL,
} from "../../workflows/support/workflow-world.js";

/**
 * coprsim's worker composition (relay, step worker, reconciler) in this process on a scratch
 * database, which a test can stop and start again, with the handlers to accept work while it is
 * stopped and an inspector of the queue to lose jobs on purpose.
 */
export class ReliabilityWorld {
  private workerStop: (() => Promise<void>) | undefined;

  private constructor(
    readonly kind: QueueKind,
    private readonly config: Config,
    private readonly runtime: Runtime,
    private readonly container: Container,
    readonly ids: SeededIds,
    readonly caller: Caller,
    readonly readModel: ReadModel,
    readonly queue: QueueInspector,
    readonly realSteps: StepRegistry,
  ) {}

  static async open(kind: QueueKind, databaseUrl: string, reconcileIntervalMs = 200): Promise<ReliabilityWorld> {
    const namespace = `rel_${kind}_${randomBytes(4).toString("hex")}`;
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      ...(kind === "redis" ? { REDIS_URL: TEST_REDIS_URL } : {}),
      COPRSIM_QUEUE_NAMESPACE: namespace,
      COPRSIM_SEED: "false",
      COPRSIM_CLOCK: "instant",
      COPRSIM_POLL_INTERVAL_MS: "20",
      COPRSIM_WORKER_CONCURRENCY: "8",
      COPRSIM_RECONCILE_INTERVAL_MS: String(reconcileIntervalMs),
      LOG_LEVEL: process.env.REL_LOG_LEVEL ?? "silent",
    });
    const logger = pino({ name: `rel-${kind}`, level: config.logLevel });
    let ids: SeededIds | undefined;
    const runtime = await openRuntime(config, logger, async (dataSource: DataSource) => {
      await migrateSimulatedArrays(dataSource);
      ids = await seedDefaults(dataSource, { rootPassword: "ChangeMe", sysmonitorPassword: "ChangeMe" });
    });
    if (!ids) throw new Error("the seed did not run");
    const container = createAllInOneContainer(config, logger, runtime);
    const caller: Caller = {
      userName: "root",
      tenantId: ids.tenantId,
      vdcRoles: new Set(["SYSTEM_ADMIN"]),
      tenantRoles: new Map([[ids.tenantId, new Set(["TENANT_ADMIN"] as const)]]),
    };
    const queue = openQueueInspector({ redisUrl: config.redisUrl, databaseUrl, namespace });
    return new ReliabilityWorld(
      kind,
      config,
      runtime,
      container,
      ids,
      caller,
      container.get<ReadModel>(READ_MODEL),
      queue,
      container.get<StepRegistry>(STEP_REGISTRY),
    );
  }

  get dataSource(): DataSource {
    return this.runtime.dataSource;
  }

  /** The worker processes' part: outbox relay, step worker and reconciler (worker-service's `startWorker`). */
  async startWorker(steps: StepRegistry = this.realSteps): Promise<void> {
    if (this.workerStop) throw new Error("the worker already runs");
    this.container.rebind<StepRegistry>(STEP_REGISTRY).toConstantValue(steps);
    const logger = pino({ name: `rel-${this.kind}`, level: this.config.logLevel });
    this.workerStop = await startWorker(this.container, this.config, logger, this.runtime);
  }

  async stopWorker(): Promise<void> {
    await this.workerStop?.();
    this.workerStop = undefined;
  }

  /** A reconciler of its own, to sweep when the test says (runs launched any time ago count). */
  reconciler(maxLaunches = 5): WorkflowReconciler {
    return new WorkflowReconciler(
      new WorkflowRunStore(this.dataSource),
      this.container.get(WorkflowLauncher),
      this.runtime.queue,
      this.realSteps,
      { intervalMs: 0, maxLaunches, logger: pino({ level: "silent" }) },
    );
  }

  async close(): Promise<void> {
    await this.stopWorker();
    await this.queue.close();
    await this.runtime.close();
    if (this.kind === "redis") await dropRedisNamespace(this.config.queueNamespace);
  }

  /** A provisioned volume of the family with an established session (the worker must run). */
  async sourceWithSession(family: SeededFamily, name: string): Promise<{ volumeId: string; sessionId: string }> {
    const [volumeTask] = await this.container.get(CreateVolumesHandler).handle(this.caller, {
      name,
      size: "1GB",
      varray: this.ids.varrayId,
      vpool: this.ids.vpoolIds[family],
      project: this.ids.projectId,
    });
    if (!volumeTask) throw new Error("no volume task");
    expectReady(await this.finished(volumeTask.id));
    const [sessionTask] = await this.container
      .get(CreateSnapshotSessionHandler)
      .handle(this.caller, volumeTask.resource.id, () => ({ name: `${name}-snap` }));
    if (!sessionTask) throw new Error("no session task");
    expectReady(await this.finished(sessionTask.id));
    return { volumeId: volumeTask.resource.id, sessionId: sessionTask.resource.id };
  }

  link(sessionId: string, count: number, targetName: string, copyMode: "copy" | "nocopy" = "nocopy") {
    return this.container
      .get(LinkTargetsHandler)
      .handle(this.caller, sessionId, () => ({ newLinkedTargets: { count, targetName, copyMode } }));
  }

  finished(taskId: string): Promise<TaskView> {
    return eventually(`task ${taskId} to finish`, async () => {
      const task = await this.readModel.task(taskId);
      return task && (task.state === "ready" || task.state === "error") ? task : undefined;
    });
  }

  /** The workflow start the task was accepted with, from `workflow_runs`. */
  async startOf(taskId: string): Promise<WorkflowStart> {
    const [row]: { start: WorkflowStart }[] = await this.dataSource.query(
      "SELECT start FROM workflow_runs WHERE task_id = $1",
      [taskId],
    );
    if (!row) throw new Error(`no workflow run of task ${taskId}`);
    return row.start;
  }

  /**
   * Delivers the task's workflow to the queue as the relay does, and takes its outbox row out.
   * For a finished task pass its `start`, read while it was pending: the running reconciler
   * forgets the runs of finished tasks.
   */
  async deliver(taskId: string, start?: WorkflowStart): Promise<void> {
    await this.container.get(WorkflowLauncher).launch(planWorkflow(start ?? (await this.startOf(taskId))));
    await this.dataSource.query("DELETE FROM outbox WHERE payload->>'taskId' = $1", [taskId]);
  }

  /** Removes every job of the task's workflow from the queue, as an operator might. */
  async removeJobsOf(taskId: string): Promise<void> {
    const plan = planWorkflow(await this.startOf(taskId));
    for (const job of plan.settle ? [plan.settle] : plan.parallel) await this.queue.remove(jobIdFor(job.key));
  }

  async runRecord(taskId: string): Promise<{ launches: number } | undefined> {
    const [row]: { launches: number }[] = await this.dataSource.query(
      "SELECT launches FROM workflow_runs WHERE task_id = $1",
      [taskId],
    );
    return row;
  }

  /** Every device on the family's array. */
  async arrayDevices(family: SeededFamily): Promise<number> {
    const [row]: { devices: number }[] = await this.dataSource.query(
      "SELECT count(*)::int AS devices FROM sim.devices WHERE array_id = (SELECT native_id FROM storage_systems WHERE id = $1)",
      [this.ids.systemIds[family]],
    );
    return row?.devices ?? 0;
  }

  async arrayLinks(family: SeededFamily): Promise<number> {
    const [row]: { links: number }[] = await this.dataSource.query(
      "SELECT count(*)::int AS links FROM sim.links WHERE array_id = (SELECT native_id FROM storage_systems WHERE id = $1)",
      [this.ids.systemIds[family]],
    );
    return row?.links ?? 0;
  }

  async injectFault(family: SeededFamily, spec: Parameters<StoredFaultPlan["inject"]>[1]): Promise<void> {
    const system = await this.readModel.storageSystem(this.ids.systemIds[family]);
    if (!system) throw new Error(`no ${family} system`);
    await new StoredFaultPlan(this.container.get<ArrayStateStore>(ARRAY_STATE_STORE)).inject(system.nativeId, spec);
  }

  async plannedFaults(family: SeededFamily) {
    const system = await this.readModel.storageSystem(this.ids.systemIds[family]);
    if (!system) throw new Error(`no ${family} system`);
    return new StoredFaultPlan(this.container.get<ArrayStateStore>(ARRAY_STATE_STORE)).planned(system.nativeId);
  }

  /** Target states of a link task: name, whether linked, whether rolled back. */
  async targetsOf(taskId: string): Promise<{ label: string; replica_state: string; inactive: boolean }[]> {
    return this.dataSource.query(
      "SELECT label, replica_state, inactive FROM linked_targets WHERE link_task_id = $1 ORDER BY label",
      [taskId],
    );
  }
}

function expectReady(task: TaskView): void {
  if (task.state !== "ready") throw new Error(`task on ${task.resource.id} ended ${task.state}`);
}
