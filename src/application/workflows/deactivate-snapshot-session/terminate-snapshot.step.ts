import { InvariantViolation } from "../../../domain/shared/service-error.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import { settleSessionTask } from "../session-task-settlement.js";
import { stepFailure } from "../step-failure.js";
import { DONE, type StepOutcome, type WorkflowStep } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";

type Payload = JobCatalogue["deactivate-snapshot-session.terminate"];

/**
 * `FULL` deactivation: terminates the session's snapshot on the array (one that is already gone
 * is success), then marks the session inactive and settles the task in one transaction; what
 * was queued behind it fails, as a request on an inactive session would.
 */
export class TerminateSnapshotStep implements WorkflowStep<Payload> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
  ) {}

  async run(payload: Payload): Promise<StepOutcome> {
    const { session, system } = await this.unitOfWork.run(async (scope) => {
      const session = await scope.sessions.findById(payload.sessionId);
      if (!session) throw new InvariantViolation(`deactivation of unknown session ${payload.sessionId}`);
      return { session, system: await scope.catalog.findStorageSystem(session.source.storageSystemId) };
    });
    if (!system) throw new InvariantViolation(`session ${session.id} is on an unknown storage system`);
    // Every member's snapshot of a group session; a volume's session has its own only.
    if (!session.isInactive) {
      for (const { arraySnapshot } of session.members) {
        if (arraySnapshot) {
          await this.drivers.forSystemType(system.systemType).terminateSnapshot(system, arraySnapshot.nativeId);
        }
      }
    }
    await this.unitOfWork.run(async (scope) => {
      const fresh = await scope.sessions.findById(payload.sessionId);
      if (fresh && !fresh.isInactive) {
        fresh.markInactive();
        await scope.sessions.save(fresh);
      }
      await settleSessionTask(scope, payload, null, this.clock.now());
    });
    return DONE;
  }

  async fail(payload: Payload, error: unknown): Promise<void> {
    await this.unitOfWork.run((scope) => settleSessionTask(scope, payload, stepFailure(error), this.clock.now()));
  }
}
