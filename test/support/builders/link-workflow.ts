import type { StorageSystemRecord } from "../../../src/application/ports/storage-catalog.js";
import type { WorkflowStart } from "../../../src/application/ports/workflow-outbox.js";
import { CreateGroupSnapshotSessionHandler } from "../../../src/application/snapshots/create-group-snapshot-session.handler.js";
import { CreateSnapshotSessionHandler } from "../../../src/application/snapshots/create-snapshot-session.handler.js";
import { LinkTargetsHandler } from "../../../src/application/snapshots/link-targets.handler.js";
import { FinishLinkTargetsStep } from "../../../src/application/workflows/link-targets/finish-link-targets.step.js";
import { LinkTargetStep } from "../../../src/application/workflows/link-targets/link-target.step.js";
import { LinkTargetsStep } from "../../../src/application/workflows/link-targets/link-targets.step.js";
import type { JobCatalogue } from "../../../src/application/workflows/workflow-catalogue.js";
import type { CopyMode } from "../../../src/domain/snapshots/copy-mode.js";
import type { LinkedTargetState } from "../../../src/domain/snapshots/linked-target.js";
import type { TaskRecordState } from "../../../src/domain/tasks/task.js";
import type { Caller } from "../../../src/domain/tenancy/caller.js";
import { FixedClock } from "../fakes/fixed-clock.js";
import { InMemoryArrayDriver, InMemoryDriverRegistry, SNAPVX_LIMITS } from "../fakes/in-memory-array-driver.js";
import { InMemoryStore } from "../fakes/in-memory-store.js";
import { InMemoryUnitOfWork } from "../fakes/in-memory-unit-of-work.js";
import { StorageWorld } from "./storage-world.js";

export const POLL_INTERVAL_MS = 250;

type LinkStart = Extract<WorkflowStart, { workflow: "link-targets" }>;

/**
 * A link task accepted by the real handler over in-memory fakes (store, unit of work, a SnapVX
 * array driver), and the steps that run it, for running them one call at a time.
 */
export class LinkWorkflowFixture {
  readonly clock = new FixedClock();
  readonly store = new InMemoryStore();
  readonly world = new StorageWorld(this.store, this.clock);
  readonly array = new InMemoryArrayDriver(SNAPVX_LIMITS);
  readonly unitOfWork = new InMemoryUnitOfWork(this.store);
  private readonly drivers = new InMemoryDriverRegistry([this.array]);
  readonly linkStep = new LinkTargetStep(this.unitOfWork, this.drivers, { pollIntervalMs: POLL_INTERVAL_MS });
  readonly finishStep = new FinishLinkTargetsStep(this.unitOfWork, this.drivers, this.clock);
  /** The one job of a link request (the two steps above run the flows earlier versions queued). */
  readonly requestStep = new LinkTargetsStep(this.unitOfWork, this.drivers, this.clock, {
    pollIntervalMs: POLL_INTERVAL_MS,
  });
  readonly tenantId = this.world.addTenant("Provider Tenant");
  readonly arrayIds = this.world.addArray("vmax-1", "vmax");
  readonly projectId = this.world.addProject(this.tenantId, "default", "root");
  readonly caller: Caller = {
    userName: "root",
    tenantId: this.tenantId,
    vdcRoles: new Set(["SYSTEM_ADMIN"]),
    tenantRoles: new Map([[this.tenantId, new Set(["TENANT_ADMIN"] as const)]]),
  };

  /** A provisioned source volume with an established session. */
  establishedSession(): string {
    const volumeId = this.world.addVolume(this.projectId, this.arrayIds, "src");
    return this.world.addSession(volumeId, "snap1");
  }

  /** A session accepted by the real handler whose array snapshot is not established yet. */
  async sessionBeingEstablished(): Promise<string> {
    const volumeId = this.world.addVolume(this.projectId, this.arrayIds, "src");
    const groupSessions = new CreateGroupSnapshotSessionHandler(this.unitOfWork, this.drivers, this.clock);
    const handler = new CreateSnapshotSessionHandler(this.unitOfWork, this.drivers, this.clock, groupSessions);
    const [task] = await handler.handle(this.caller, volumeId, () => ({ name: "snap1" }));
    if (!task) throw new Error("no session task");
    return task.resource.id;
  }

  /** Accepts a link request; returns the workflow start the handler wrote to the outbox. */
  async link(sessionId: string, count: number, copyMode: CopyMode = "nocopy"): Promise<LinkStart> {
    const handler = new LinkTargetsHandler(this.unitOfWork, this.drivers, this.clock);
    const task = await handler.handle(this.caller, sessionId, () => ({
      newLinkedTargets: { count, targetName: "tgt", copyMode },
    }));
    const start = this.store.outbox.find((s): s is LinkStart => s.workflow === "link-targets" && s.taskId === task.id);
    if (!start) throw new Error("the link request wrote no workflow start");
    return start;
  }

  linkJob(start: LinkStart, index: number): JobCatalogue["link-targets.link-target"] {
    const targetId = start.targetIds[index];
    if (!targetId) throw new Error(`no target ${index}`);
    return { taskId: start.taskId, sessionId: start.sessionId, targetId };
  }

  requestJob(start: LinkStart): JobCatalogue["link-targets.link"] {
    return { taskId: start.taskId, sessionId: start.sessionId };
  }

  finishJob(start: LinkStart): JobCatalogue["link-targets.finish"] {
    return { taskId: start.taskId, sessionId: start.sessionId };
  }

  target(id: string): LinkedTargetState {
    const target = this.store.targets.get(id);
    if (!target) throw new Error(`no target ${id}`);
    return target;
  }

  task(id: string): TaskRecordState {
    const task = this.store.tasks.get(id);
    if (!task) throw new Error(`no task ${id}`);
    return task;
  }

  /** The session's array snapshot, as the steps address it. */
  snapshotNativeId(sessionId: string): string {
    const nativeId = this.store.sessions.get(sessionId)?.arraySnapshot?.nativeId;
    if (!nativeId) throw new Error(`session ${sessionId} is not established`);
    return nativeId;
  }

  system(): StorageSystemRecord {
    const system = this.store.storageSystems.get(this.arrayIds.systemId);
    if (!system) throw new Error("no storage system");
    return system;
  }
}
