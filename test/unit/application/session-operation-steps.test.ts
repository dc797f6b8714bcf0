import { describe, expect, it } from "vitest";
import { ArrayOperationError } from "../../../src/application/ports/array-operation-error.js";
import type { WorkflowStart } from "../../../src/application/ports/workflow-outbox.js";
import { LinkTargetsHandler } from "../../../src/application/snapshots/link-targets.handler.js";
import { RestoreFromLinkedTargetHandler } from "../../../src/application/snapshots/restore-from-linked-target.handler.js";
import { RestoreSnapshotSessionHandler } from "../../../src/application/snapshots/restore-snapshot-session.handler.js";
import { UnlinkTargetsHandler } from "../../../src/application/snapshots/unlink-targets.handler.js";
import { RestoreFromTargetStep } from "../../../src/application/workflows/restore-from-linked-target/restore-from-target.step.js";
import { RestoreSnapshotStep } from "../../../src/application/workflows/restore-snapshot-session/restore-snapshot.step.js";
import { settleSessionTask } from "../../../src/application/workflows/session-task-settlement.js";
import { DONE, waitFor } from "../../../src/application/workflows/step-outcome.js";
import { UnlinkTargetsStep } from "../../../src/application/workflows/unlink-targets/unlink-targets.step.js";
import { LinkWorkflowFixture, POLL_INTERVAL_MS } from "../../support/builders/link-workflow.js";
import { InMemoryDriverRegistry } from "../../support/fakes/in-memory-array-driver.js";

type Start<W extends WorkflowStart["workflow"]> = Extract<WorkflowStart, { workflow: W }>;

/** A fixture whose session has `count` targets linked through the real link workflow. */
async function sessionWithLinkedTargets(count: number) {
  const fixture = new LinkWorkflowFixture();
  const sessionId = fixture.establishedSession();
  const link = await fixture.link(sessionId, count);
  for (let i = 0; i < count; i++) await fixture.linkStep.run(fixture.linkJob(link, i));
  await fixture.finishStep.run(fixture.finishJob(link));
  const drivers = new InMemoryDriverRegistry([fixture.array]);
  const startOf = <W extends WorkflowStart["workflow"]>(workflow: W, taskId: string): Omit<Start<W>, "workflow"> => {
    const start = fixture.store.outbox.find((s) => s.workflow === workflow && s.taskId === taskId) as Start<W>;
    if (!start) throw new Error(`no ${workflow} start for ${taskId}`);
    const { workflow: _workflow, ...payload } = start;
    return payload;
  };
  return { fixture, sessionId, targetIds: link.targetIds, drivers, startOf };
}

describe("UnlinkTargetsStep", () => {
  it("keeps a target's device as one new volume and deletes the other's, once, however often it runs", async () => {
    const { fixture, sessionId, targetIds, drivers, startOf } = await sessionWithLinkedTargets(2);
    const [kept, deleted] = targetIds as [string, string];
    const task = await new UnlinkTargetsHandler(fixture.unitOfWork, drivers, fixture.clock).handle(
      fixture.caller,
      sessionId,
      () => ({
        linkedTargets: [
          { id: kept, deleteTarget: false },
          { id: deleted, deleteTarget: true },
        ],
      }),
    );
    const payload = startOf("unlink-targets", task.id);
    const step = new UnlinkTargetsStep(fixture.unitOfWork, drivers, fixture.clock, {
      pollIntervalMs: POLL_INTERVAL_MS,
    });
    const keptDevice = fixture.target(kept).device;

    expect(await step.run(payload)).toEqual(DONE);
    expect(await step.run(payload)).toEqual(DONE);

    expect([fixture.target(kept).inactive, fixture.target(deleted).inactive]).toEqual([true, true]);
    const volumeId = payload.targets.find((t) => t.targetId === kept)?.volumeId ?? "";
    expect(fixture.store.volumes.get(volumeId)).toMatchObject({ name: "tgt-1", device: keptDevice, inactive: false });
    expect(
      fixture.store.volumes.get(payload.targets.find((t) => t.targetId === deleted)?.volumeId ?? ""),
    ).toBeUndefined();
    expect(fixture.array.deviceFor(kept)).toBeDefined();
    expect(fixture.array.deviceFor(deleted)).toBeUndefined();
    expect(fixture.task(task.id)).toMatchObject({ state: "ready", progress: 100 });
    expect(fixture.store.sessionOperations).toEqual([]);
  });

  it("resumes after the array unlinked a target but the job stopped before recording it", async () => {
    const { fixture, sessionId, targetIds, drivers, startOf } = await sessionWithLinkedTargets(1);
    const [target] = targetIds as [string];
    const task = await new UnlinkTargetsHandler(fixture.unitOfWork, drivers, fixture.clock).handle(
      fixture.caller,
      sessionId,
      () => ({ linkedTargets: [{ id: target, deleteTarget: true }] }),
    );
    const payload = startOf("unlink-targets", task.id);
    const step = new UnlinkTargetsStep(fixture.unitOfWork, drivers, fixture.clock, {
      pollIntervalMs: POLL_INTERVAL_MS,
    });
    fixture.array.failNext("delete", new ArrayOperationError("connection reset", true));

    await expect(step.run(payload)).rejects.toThrow("connection reset");
    expect(fixture.target(target)).toMatchObject({ inactive: false, linkState: { state: "unlinking" } });

    // The link is gone from the array now: a second look at its status would fail the task.
    fixture.array.failNext("status", new ArrayOperationError("no such link", false));
    expect(await step.run(payload)).toEqual(DONE);
    expect(fixture.target(target).inactive).toBe(true);
    expect(fixture.array.deviceFor(target)).toBeUndefined();
    expect(fixture.array.pendingFailures()).toEqual({ status: 1 });
  });
});

describe("UnlinkTargetsStep when the device cannot be deleted after the unlink", () => {
  async function unlinkWithDelete() {
    const { fixture, sessionId, targetIds, drivers, startOf } = await sessionWithLinkedTargets(1);
    const [target] = targetIds as [string];
    const task = await new UnlinkTargetsHandler(fixture.unitOfWork, drivers, fixture.clock).handle(
      fixture.caller,
      sessionId,
      () => ({ linkedTargets: [{ id: target, deleteTarget: true }] }),
    );
    const payload = startOf("unlink-targets", task.id);
    const step = new UnlinkTargetsStep(fixture.unitOfWork, drivers, fixture.clock, {
      pollIntervalMs: POLL_INTERVAL_MS,
    });
    const volumeId = payload.targets[0]?.volumeId ?? "";
    return { fixture, sessionId, target, taskId: task.id, payload, step, volumeId };
  }

  it("refused for good: the target is unlinked, its device kept as the volume, and the task fails", async () => {
    const { fixture, sessionId, target, taskId, payload, step, volumeId } = await unlinkWithDelete();
    const device = fixture.target(target).device;
    fixture.array.failNext("delete", new ArrayOperationError("Mock array: device is reserved", false));

    const error = await step.run(payload).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ArrayOperationError);
    await step.fail(payload, error);

    expect(fixture.target(target)).toMatchObject({ inactive: true });
    expect(
      fixture.array.linkOf({ snapshotNativeId: fixture.snapshotNativeId(sessionId), targetNativeId: device!.nativeId }),
    ).toBeUndefined();
    expect(fixture.array.deviceFor(target)).toEqual(device);
    expect(fixture.store.volumes.get(volumeId)).toMatchObject({ name: "tgt-1", device, inactive: false });
    expect(fixture.task(taskId)).toMatchObject({
      state: "error",
      serviceError: { details: expect.stringContaining("Mock array: device is reserved") },
    });
  });

  it("failing until the job gives up: the target does not stay unlinking", async () => {
    const { fixture, target, taskId, payload, step, volumeId } = await unlinkWithDelete();
    const device = fixture.target(target).device;
    const busy = new ArrayOperationError("Mock array: delete busy", true);
    fixture.array.failNext("delete", busy, 2);

    await expect(step.run(payload)).rejects.toThrow("delete busy");
    expect(fixture.target(target).linkState.state).toBe("unlinking");
    await step.fail(payload, busy);

    expect(fixture.target(target)).toMatchObject({ inactive: true });
    expect(fixture.array.deviceFor(target)).toEqual(device);
    expect(fixture.store.volumes.get(volumeId)).toMatchObject({ device, inactive: false });
    expect(fixture.task(taskId)).toMatchObject({ state: "error" });
  });
});

describe("RestoreSnapshotStep", () => {
  it("starts the restore once, follows it in the task's progress, ends it, then settles the task", async () => {
    const { fixture, sessionId, drivers, startOf } = await sessionWithLinkedTargets(1);
    const task = await new RestoreSnapshotSessionHandler(fixture.unitOfWork, drivers, fixture.clock).handle(
      fixture.caller,
      sessionId,
    );
    const payload = startOf("restore-snapshot-session", task.id);
    const step = new RestoreSnapshotStep(fixture.unitOfWork, drivers, fixture.clock, {
      pollIntervalMs: POLL_INTERVAL_MS,
    });

    expect(await step.run(payload)).toEqual(waitFor(POLL_INTERVAL_MS));
    expect(fixture.task(task.id)).toMatchObject({ state: "pending", progress: 1 });
    expect(await step.run(payload)).toEqual(waitFor(POLL_INTERVAL_MS));
    expect(fixture.task(task.id).progress).toBe(49);

    // Restored, but ending the restore session fails once: the next run only ends it.
    fixture.array.failNext("restore", new ArrayOperationError("array busy", true));
    await expect(step.run(payload)).rejects.toThrow("array busy");
    expect(fixture.task(task.id)).toMatchObject({ state: "pending", progress: 99 });
    expect(await step.run(payload)).toEqual(DONE);
    expect(fixture.task(task.id)).toMatchObject({ state: "ready", progress: 100 });
    expect(fixture.store.sessionOperations).toEqual([]);
  });
});

describe("RestoreFromTargetStep", () => {
  it("starts the restore from the target once, follows it, ends it, then settles the task and frees the session", async () => {
    const { fixture, sessionId, targetIds, drivers, startOf } = await sessionWithLinkedTargets(1);
    const [target] = targetIds as [string];
    const task = await new RestoreFromLinkedTargetHandler(fixture.unitOfWork, drivers, fixture.clock).handle(
      fixture.caller,
      target,
    );
    const payload = startOf("restore-from-linked-target", task.id);
    expect(payload).toEqual({ taskId: task.id, sessionId, targetId: target });
    const step = new RestoreFromTargetStep(fixture.unitOfWork, drivers, fixture.clock, {
      pollIntervalMs: POLL_INTERVAL_MS,
    });
    // A worker lost before recording that it started: the next run asks the array again, which is idempotent.
    fixture.array.failNext("restore", new ArrayOperationError("connection reset", true));
    await expect(step.run(payload)).rejects.toThrow("connection reset");
    expect(fixture.task(task.id)).toMatchObject({ state: "pending", progress: 0 });

    expect(await step.run(payload)).toEqual(waitFor(POLL_INTERVAL_MS));
    expect(fixture.task(task.id)).toMatchObject({ state: "pending", progress: 1 });
    expect(await step.run(payload)).toEqual(waitFor(POLL_INTERVAL_MS));
    expect(fixture.task(task.id).progress).toBe(49);
    // Restored, but ending it fails once: the next run only ends it.
    fixture.array.failNext("restore", new ArrayOperationError("array busy", true));
    await expect(step.run(payload)).rejects.toThrow("array busy");
    expect(fixture.task(task.id)).toMatchObject({ state: "pending", progress: 99 });
    expect(await step.run(payload)).toEqual(DONE);
    expect(await step.run(payload)).toEqual(DONE);

    expect(fixture.task(task.id)).toMatchObject({ state: "ready", progress: 100 });
    expect(fixture.store.sessionOperations).toEqual([]);
  });

  it("ends the task in error with the array's refusal, and frees the session", async () => {
    const { fixture, targetIds, drivers, startOf } = await sessionWithLinkedTargets(1);
    const [target] = targetIds as [string];
    const task = await new RestoreFromLinkedTargetHandler(fixture.unitOfWork, drivers, fixture.clock).handle(
      fixture.caller,
      target,
    );
    const payload = startOf("restore-from-linked-target", task.id);
    const step = new RestoreFromTargetStep(fixture.unitOfWork, drivers, fixture.clock, {
      pollIntervalMs: POLL_INTERVAL_MS,
    });
    const refusal = new ArrayOperationError("Link must be fully copied for this operation to proceed", false);

    await step.fail(payload, refusal);
    await step.fail(payload, refusal);

    expect(fixture.task(task.id)).toMatchObject({
      state: "error",
      serviceError: { details: expect.stringContaining("Link must be fully copied") },
    });
    expect(fixture.store.sessionOperations).toEqual([]);
  });
});

describe("the session's queue", () => {
  it("fails what waited behind an operation that ended the session, and rolls back a queued link's targets", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = fixture.establishedSession();
    const handler = new LinkTargetsHandler(
      fixture.unitOfWork,
      new InMemoryDriverRegistry([fixture.array]),
      fixture.clock,
    );
    const link = (targetName: string, count: number) =>
      handler.handle(fixture.caller, sessionId, () => ({
        newLinkedTargets: { count, targetName, copyMode: "nocopy" },
      }));
    const running = await link("first", 1);
    const queued = await link("second", 2);
    const queuedTargets = () => [...fixture.store.targets.values()].filter((target) => target.linkTaskId === queued.id);
    expect(queued.state).toBe("queued");
    expect(queuedTargets().map((target) => target.inactive)).toEqual([false, false]);

    // The running operation ends the session (as a FULL deactivation does) and is settled.
    await fixture.unitOfWork.run(async (scope) => {
      const session = await scope.sessions.findById(sessionId);
      session?.markInactive();
      if (session) await scope.sessions.save(session);
      await settleSessionTask(scope, { taskId: running.id, sessionId }, null, fixture.clock.now());
    });

    expect(fixture.task(queued.id)).toMatchObject({
      state: "error",
      serviceError: {
        code: 2001,
        details: `Entity specified in URL with the given id ${sessionId} is inactive and marked for deletion`,
      },
    });
    expect(queuedTargets().map((target) => target.inactive)).toEqual([true, true]);
    expect(fixture.store.outbox.filter((start) => start.taskId === queued.id)).toEqual([]);
    expect(fixture.store.sessionOperations).toEqual([]);
  });
});
