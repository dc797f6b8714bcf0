import type { LinkState } from "../../../domain/snapshots/link-state.js";
import type { LinkedTarget } from "../../../domain/snapshots/linked-target.js";
import { Task } from "../../../domain/tasks/task.js";
import type { ArrayDriver, BatchOutcome } from "../../ports/array-driver.js";
import { ArrayOperationError } from "../../ports/array-operation-error.js";
import type { Clock } from "../../ports/clock.js";
import type { DriverRegistry } from "../../ports/driver-registry.js";
import type { UnitOfWork } from "../../ports/unit-of-work.js";
import { stepFailure } from "../step-failure.js";
import { DONE, type StepOutcome, type WorkflowStep, waitFor } from "../step-outcome.js";
import type { JobCatalogue } from "../workflow-catalogue.js";
import { isLinkComplete, linkTaskProgress } from "./link-completion.js";
import { type LinkRequestContext, loadLinkRequestContext } from "./link-request-context.js";
import { INCOMPLETE_LINK, linkTaskFailure, settleLinkTasks } from "./link-settlement.js";

type Payload = JobCatalogue["link-targets.link"];

export interface LinkTargetsStepOptions {
  /** How long to wait before looking at copies in progress, or a session not yet established, again. */
  readonly pollIntervalMs: number;
}

/**
 * All the targets of one link request in one job: the devices they lack are provisioned in one
 * batch call, then linked in one (or, once linked, their copies looked at in one), and what the
 * array said is written for all of them in one transaction. When nothing is left to wait for,
 * the targets that failed are rolled back (link undone, device deleted, record inactive), and
 * the same transaction that records the last of them settles the task and lets the session's
 * next operation start. Each target's record says how far it got, and every array call is
 * idempotent, so a redelivered or restarted job picks up from the records: a device provisioned
 * but not yet recorded is found again by its key, a link made but not recorded is answered as is.
 */
export class LinkTargetsStep implements WorkflowStep<Payload> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly drivers: DriverRegistry,
    private readonly clock: Clock,
    private readonly options: LinkTargetsStepOptions,
  ) {}

  async run(payload: Payload): Promise<StepOutcome> {
    const context = await this.unitOfWork.read((scope) => loadLinkRequestContext(scope, payload));
    if (!context) return this.settle(payload, [], []);
    const open = context.targets.filter((target) => !target.isSettled);
    if (open.length > 0 && context.neverEstablished) throw context.neverEstablished;
    const unready = (target: LinkedTarget) => {
      const { sourceNativeId, snapshotNativeId } = context.origin(target);
      return sourceNativeId === null || snapshotNativeId === null;
    };
    if (open.some(unready)) return waitFor(this.options.pollIntervalMs);
    const driver = this.drivers.forSystemType(context.system.systemType);
    let retryable: unknown = null;
    try {
      retryable = await this.advance(driver, context, open);
    } catch (error) {
      // What the array did before it stopped answering is kept: devices made for the targets.
      await this.unitOfWork.run((scope) => scope.targets.saveAll(open)).catch(() => undefined);
      throw error;
    }
    if (retryable !== null) {
      await this.record(payload, context.targets, open);
      throw retryable;
    }
    if (context.targets.some((target) => !target.isSettled)) {
      await this.record(payload, context.targets, open);
      return waitFor(this.options.pollIntervalMs);
    }
    return this.settle(payload, context.targets, open, driver, context);
  }

  /** The job gave up: the targets not yet settled fail with its error, and the request settles. */
  async fail(payload: Payload, error: unknown): Promise<void> {
    const context = await this.unitOfWork.read((scope) => loadLinkRequestContext(scope, payload)).catch(() => null);
    if (!context) {
      await this.unitOfWork.run((scope) => settleLinkTasks(scope, payload, stepFailure(error), this.clock.now()));
      return;
    }
    const open = context.targets.filter((target) => !target.isSettled);
    for (const target of open) target.recordFailure(stepFailure(error));
    const driver = this.drivers.forSystemType(context.system.systemType);
    await this.settle(payload, context.targets, open, driver, context);
  }

  /**
   * Moves the open targets on as far as the array lets them now, in memory. Returns the first
   * retryable error a target met (that target stays open, to be tried again), or null.
   */
  private async advance(driver: ArrayDriver, context: LinkRequestContext, open: LinkedTarget[]): Promise<unknown> {
    const { system } = context;
    if (open.length === 0) return null;
    let retryable: unknown = null;
    const meet = (target: LinkedTarget, outcome: BatchOutcome<unknown> | undefined): boolean => {
      if (outcome?.ok) return true;
      const error = outcome?.error ?? new Error("the array did not answer for a target");
      if (error instanceof ArrayOperationError && error.retryable) retryable ??= error;
      else target.recordFailure(stepFailure(error));
      return false;
    };

    const unprovisioned = open.filter((target) => target.device === null);
    const provisionRequests = unprovisioned.map((target) => {
      const { label: name, capacityBytes, id: idempotencyKey } = target.toState();
      const sourceNativeId = context.origin(target).sourceNativeId ?? "";
      return { poolNativeId: context.poolNativeId, name, capacityBytes, idempotencyKey, sourceNativeId };
    });
    const provisioned = unprovisioned.length > 0 ? await driver.provisionTargets(system, provisionRequests) : [];
    unprovisioned.forEach((target, index) => {
      const outcome = provisioned[index];
      if (meet(target, outcome) && outcome?.ok) target.recordProvisioned(outcome.value);
    });

    const withDevice = open.filter((target) => target.device !== null && !target.isSettled);
    const toLink = withDevice.filter((target) => !target.toState().linkState.nativeState);
    const toWatch = withDevice.filter((target) => target.toState().linkState.nativeState);
    const ref = (target: LinkedTarget) => ({
      snapshotNativeId: context.origin(target).snapshotNativeId ?? "",
      targetNativeId: target.device?.nativeId ?? "",
    });
    const linkRequests = toLink.map((target) => ({ ...ref(target), copyMode: target.copyMode }));
    const linked = toLink.length > 0 ? await driver.linkTargets(system, linkRequests) : [];
    const watched = toWatch.length > 0 ? await driver.linkStatuses(system, toWatch.map(ref)) : [];
    const answers: { target: LinkedTarget; outcome: BatchOutcome<LinkState> | undefined }[] = [
      ...toLink.map((target, index) => ({ target, outcome: linked[index] })),
      ...toWatch.map((target, index) => ({ target, outcome: watched[index] })),
    ];
    for (const { target, outcome } of answers) {
      if (!meet(target, outcome) || !outcome?.ok) continue;
      if (isLinkComplete(target.copyMode, outcome.value)) target.markLinked(outcome.value);
      else target.recordLinkProgress(outcome.value);
    }
    return retryable;
  }

  /** Stores the targets' progress and raises the task's, in one transaction. */
  private async record(payload: Payload, all: readonly LinkedTarget[], changed: LinkedTarget[]): Promise<void> {
    const progress = Task.progressOf(linkTaskProgress(tally(all)));
    await this.unitOfWork.run(async (scope) => {
      await scope.targets.saveAll(changed);
      await scope.tasks.raiseProgress(payload.taskId, progress);
    });
  }

  /**
   * Every target is linked or failed: the failed ones are undone on the array, then one
   * transaction marks them rolled back and settles the task(s). Their failures are stored before
   * the array is touched, so that a rollback cut short (the array busy, the worker lost) is taken
   * up again as a rollback rather than as a link to try again.
   */
  private async settle(
    payload: Payload,
    all: readonly LinkedTarget[],
    changed: LinkedTarget[],
    driver?: ArrayDriver,
    context?: LinkRequestContext,
  ): Promise<StepOutcome> {
    let targets = all;
    let unsaved = changed;
    const toUndo = all.filter((target) => !target.isLinked && !target.isInactive && target.device !== null);
    if (driver && context && toUndo.length > 0) {
      await this.unitOfWork.run((scope) => scope.targets.saveAll(unsaved));
      await this.undoOnArray(driver, context, toUndo);
      targets = await this.unitOfWork.read((scope) => scope.targets.findByLinkTask(payload.taskId));
      unsaved = [];
    }
    const rolledBack = targets.filter((target) => !target.isLinked && !target.isInactive);
    for (const target of rolledBack) {
      if (!target.toState().failure) target.recordFailure(INCOMPLETE_LINK);
      target.markRolledBack();
    }
    const toSave = [...new Set([...unsaved, ...rolledBack])];
    await this.unitOfWork.run(async (scope) => {
      await scope.targets.saveAll(toSave);
      await settleLinkTasks(scope, payload, linkTaskFailure(targets), this.clock.now());
    });
    return DONE;
  }

  private async undoOnArray(driver: ArrayDriver, context: LinkRequestContext, targets: readonly LinkedTarget[]) {
    for (const target of targets) {
      const device = target.device;
      if (!device) continue;
      const { snapshotNativeId } = context.origin(target);
      if (snapshotNativeId) {
        const link = { snapshotNativeId, targetNativeId: device.nativeId };
        await driver.unlinkTarget(context.system, link, { force: true });
      }
      await driver.deleteVolume(context.system, device.nativeId);
    }
  }
}

function tally(targets: readonly LinkedTarget[]) {
  const states = targets.map((target) => target.toState());
  return {
    targets: states.length,
    synchronized: states.filter((state) => state.replicaState === "SYNCHRONIZED").length,
    copyingPercentSum: states
      .filter((state) => state.replicaState !== "SYNCHRONIZED" && state.copyMode === "copy")
      .reduce((sum, state) => sum + state.linkState.percentCopied, 0),
  };
}
