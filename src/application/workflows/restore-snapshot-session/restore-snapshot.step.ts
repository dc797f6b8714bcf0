import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { RestoreState } from "../../ports/array-driver.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import { RestoreFollower, slowest } from "../restore-progress.js";
import { settleSessionTask } from "../session-task-settlement.js";
import { stepFailure } from "../step-failure.js";
import type { StepOutcome, WorkflowStep } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";

type Payload = JobCatalogue["restore-snapshot-session.restore"];

/**
 * Restores the session's image onto its source: starts the array's restore, follows it in the
 * task's progress until the array says `restored`, ends the restore session, and settles the task.
 */
export class RestoreSnapshotStep implements WorkflowStep<Payload> {
  private readonly follower: RestoreFollower;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
    options: { readonly pollIntervalMs: number },
  ) {
    this.follower = new RestoreFollower(unitOfWork, clock, options.pollIntervalMs);
  }

  async run(payload: Payload): Promise<StepOutcome> {
    const { system, snapshots } = await this.unitOfWork.run(async (scope) => {
      const task = await scope.tasks.findById(payload.taskId);
      const session = await scope.sessions.findById(payload.sessionId);
      if (!task || !session) throw new InvariantViolation(`restore of unknown session ${payload.sessionId}`);
      const system = await scope.catalog.findStorageSystem(session.source.storageSystemId);
      // A group session restores every member from its own snapshot.
      const snapshots = session.members.map((member) => member.arraySnapshot?.nativeId);
      if (!system || snapshots.some((id) => !id)) {
        throw new InvariantViolation(`session ${session.id} has no array snapshot`);
      }
      return { system, snapshots: snapshots as string[] };
    });
    const driver = this.drivers.forSystemType(system.systemType);
    return this.follower.run(payload, {
      start: async () => {
        const started: RestoreState[] = [];
        for (const id of snapshots) started.push(await driver.restoreSnapshot(system, id));
        return slowest(started);
      },
      status: async () => slowest(await Promise.all(snapshots.map((id) => driver.restoreStatus(system, id)))),
      finish: async () => {
        for (const id of snapshots) await driver.finishRestore(system, id);
      },
    });
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run((scope) => settleSessionTask(scope, payload, stepFailure(error), this.clock.now()));
  }
}
