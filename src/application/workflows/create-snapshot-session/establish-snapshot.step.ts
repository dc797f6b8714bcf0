import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { BlockSnapshotSession } from "../../../domain/snapshots/block-snapshot-session.js";
import type { Task } from "../../../domain/tasks/task.js";
import type { ArrayDriver, EstablishedSnapshot } from "../../ports/array-driver.js";
import { ArrayOperationError } from "../../ports/array-operation-error.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { StorageSystemRecord } from "../../ports/storage-catalog.js";
import type { TransactionScope, UnitOfWork } from "../../ports/unit-of-work.js";
import { stepFailure } from "../step-failure.js";
import { DONE, type StepOutcome, type WorkflowStep, waitFor } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";

type Payload = JobCatalogue["create-snapshot-session.establish"];

/**
 * Establishes the session's snapshot on the array (idempotent on the session's id), or, for a
 * group session, every member's snapshot at one instant, once every member's source is provisioned. Without
 * targets to link it also settles the session's and the volume's tasks; with targets, the
 * workflow's finishing step does, once they are linked. Waits while the source is still being
 * provisioned.
 */
export class EstablishSnapshotStep implements WorkflowStep<Payload> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
    private readonly options: { readonly pollIntervalMs: number },
  ) {}

  async run(payload: Payload): Promise<StepOutcome> {
    const session = await this.unitOfWork.read((scope) => scope.sessions.findById(payload.sessionId));
    if (!session) throw new InvariantViolation(`session ${payload.sessionId} vanished`);
    const system = await this.unitOfWork.read((scope) =>
      scope.catalog.findStorageSystem(session.source.storageSystemId),
    );
    if (!system) throw new InvariantViolation(`session ${payload.sessionId} refers to unknown storage`);
    const driver = this.drivers.forSystemType(system.systemType);

    // Every member's source first: nothing is established while one is still being provisioned.
    const pending = session.members.filter((member) => member.arraySnapshot === null);
    const requests: { volumeId: string; sourceNativeId: string }[] = [];
    for (const { source: member } of pending) {
      const source = await this.unitOfWork.read((scope) => scope.volumes.findById(member.volumeId));
      if (!source) throw new InvariantViolation(`session ${payload.sessionId} refers to unknown storage`);
      if (!source.device) {
        if (!source.isActive)
          throw new ArrayOperationError(`The source volume ${source.name} was never provisioned`, false);
        return waitFor(this.options.pollIntervalMs);
      }
      requests.push({ volumeId: member.volumeId, sourceNativeId: source.device.nativeId });
    }
    const established = await this.establish(driver, system, session, requests);

    await this.unitOfWork.run(async (scope) => {
      const fresh = await scope.sessions.findById(payload.sessionId);
      if (!fresh) throw new InvariantViolation(`session ${payload.sessionId} vanished`);
      const missing = established.filter(({ volumeId }) =>
        fresh.members.some((m) => m.source.volumeId === volumeId && m.arraySnapshot === null),
      );
      for (const { volumeId, snapshot } of missing) {
        if (fresh.isGroupSession) fresh.markMemberEstablished(volumeId, snapshot);
        else fresh.markEstablished(snapshot);
      }
      if (missing.length > 0) await scope.sessions.save(fresh);
      if (!payload.withTargets) await this.settleTasks(scope, payload, (task, now) => task.complete(now));
    });
    return DONE;
  }

  /**
   * A volume's session: its snapshot, keyed by the session. A group's: every member's snapshot at
   * one instant in one call, keyed by session and member, so that a redelivered job finds them all.
   */
  private async establish(
    driver: ArrayDriver,
    system: StorageSystemRecord,
    session: BlockSnapshotSession,
    requests: readonly { volumeId: string; sourceNativeId: string }[],
  ): Promise<{ volumeId: string; snapshot: EstablishedSnapshot }[]> {
    if (!session.isGroupSession) {
      return Promise.all(
        requests.map(async ({ volumeId, sourceNativeId }) => ({
          volumeId,
          snapshot: await driver.establishSnapshot(system, {
            sourceNativeId,
            name: session.label,
            idempotencyKey: session.id,
          }),
        })),
      );
    }
    if (requests.length === 0) return [];
    const snapshots = await driver.establishSnapshotsAtOneInstant(
      system,
      requests.map(({ volumeId, sourceNativeId }) => ({
        sourceNativeId,
        name: session.label,
        idempotencyKey: `${session.id}:${volumeId}`,
      })),
    );
    return requests.map(({ volumeId }, index) => {
      const snapshot = snapshots[index];
      if (!snapshot) throw new InvariantViolation(`the array answered no snapshot for member ${volumeId}`);
      return { volumeId, snapshot };
    });
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run(async (scope) => {
      const session = await scope.sessions.findById(payload.sessionId);
      if (session && !session.isEstablished && !session.toState().inactive) {
        session.markInactive();
        await scope.sessions.save(session);
      }
      await this.settleTasks(scope, payload, (task, now) => task.fail(stepFailure(error), now));
    });
  }

  /** Ends both tasks (with targets, the finishing step still rolls back those that did not link). */
  private async settleTasks(scope: TransactionScope, payload: Payload, end: (task: Task, now: number) => void) {
    const now = this.clock.now();
    for (const taskId of [payload.taskId, payload.volumeTaskId]) {
      const task = await scope.tasks.findById(taskId);
      if (task && !task.isFinished) {
        end(task, now);
        await scope.tasks.save(task);
      }
    }
  }
}
