import { describe, expect, it } from "vitest";
import { ArrayOperationError } from "../../../src/application/ports/array-operation-error.js";
import { DONE, waitFor } from "../../../src/application/workflows/step-outcome.js";
import { LinkWorkflowFixture, POLL_INTERVAL_MS } from "../../support/builders/link-workflow.js";

describe("LinkTargetStep: one target through provision, link, wait for copied, mark linked", () => {
  it("provisions a target like the source, links it nocopy and marks it SYNCHRONIZED", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = fixture.establishedSession();
    const start = await fixture.link(sessionId, 1);
    const job = fixture.linkJob(start, 0);

    expect(await fixture.linkStep.run(job)).toEqual(DONE);

    const target = fixture.target(job.targetId);
    const device = fixture.array.deviceFor(job.targetId);
    expect(device).toBeDefined();
    expect(target.device).toEqual(device);
    expect(target).toMatchObject({
      replicaState: "SYNCHRONIZED",
      linkState: { state: "linked", nativeState: "Linked" },
      failure: null,
    });
    const link = fixture.array.linkOf({
      snapshotNativeId: fixture.snapshotNativeId(sessionId),
      targetNativeId: device!.nativeId,
    });
    expect(link?.state).toBe("linked");
    // The one target is done, but only the finish step completes the task.
    expect(fixture.task(start.taskId)).toMatchObject({ state: "pending", progress: 99 });
  });

  it("resumes after a crash between provision and link without provisioning a second time", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = fixture.establishedSession();
    const start = await fixture.link(sessionId, 1);
    const job = fixture.linkJob(start, 0);
    // The worker dies after the device was provisioned and recorded, before the link.
    fixture.array.failNext("link", new Error("worker killed"));
    await expect(fixture.linkStep.run(job)).rejects.toThrow("worker killed");
    const recorded = fixture.target(job.targetId).device;
    expect(recorded).not.toBeNull();
    expect(
      fixture.array.linkOf({
        snapshotNativeId: fixture.snapshotNativeId(sessionId),
        targetNativeId: recorded!.nativeId,
      }),
    ).toBeUndefined();
    const devices = fixture.array.deviceCount();

    // Any provision now would fail: the redelivered job must go straight to the link.
    fixture.array.failNext("provision", new ArrayOperationError("provisioned twice", false));
    expect(await fixture.linkStep.run(job)).toEqual(DONE);

    expect(fixture.target(job.targetId)).toMatchObject({ device: recorded, replicaState: "SYNCHRONIZED" });
    expect(fixture.array.deviceCount()).toBe(devices);
    expect(fixture.array.pendingFailures()).toEqual({ provision: 1 });
  });

  it("after a crash between the array's provision and its record, finds the same device again by the target's id", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = fixture.establishedSession();
    const start = await fixture.link(sessionId, 1);
    const job = fixture.linkJob(start, 0);
    // The array created the device, but the worker died before recording it.
    const target = fixture.target(job.targetId);
    const orphan = await fixture.array.provisionTarget(fixture.system(), {
      poolNativeId: "SRP_1",
      name: target.label,
      capacityBytes: target.capacityBytes,
      idempotencyKey: target.id,
      sourceNativeId: "00100",
    });
    const devices = fixture.array.deviceCount();

    expect(await fixture.linkStep.run(job)).toEqual(DONE);

    expect(fixture.target(job.targetId).device).toEqual(orphan);
    expect(fixture.array.deviceCount()).toBe(devices);
  });

  it("waits while a copy-mode link is copying, following its progress, and completes once copied", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = fixture.establishedSession();
    const start = await fixture.link(sessionId, 1, "copy");
    const job = fixture.linkJob(start, 0);

    expect(await fixture.linkStep.run(job)).toEqual(waitFor(POLL_INTERVAL_MS));
    expect(fixture.target(job.targetId)).toMatchObject({
      replicaState: "PREPARED",
      linkState: { state: "copying", percentCopied: 0 },
    });

    expect(await fixture.linkStep.run(job)).toEqual(waitFor(POLL_INTERVAL_MS));
    expect(fixture.target(job.targetId)).toMatchObject({
      replicaState: "PREPARED",
      linkState: { state: "copying", percentCopied: 50 },
    });
    expect(fixture.task(start.taskId).progress).toBe(50);

    expect(await fixture.linkStep.run(job)).toEqual(DONE);
    expect(fixture.target(job.targetId)).toMatchObject({
      replicaState: "SYNCHRONIZED",
      linkState: { state: "copied", nativeState: "Copied", percentCopied: 100 },
    });
    expect(fixture.array.deviceCount()).toBe(1);
  });

  it("waits, touching nothing on the array, while the session's snapshot is not established yet", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = await fixture.sessionBeingEstablished();
    const start = await fixture.link(sessionId, 1);
    const job = fixture.linkJob(start, 0);

    expect(await fixture.linkStep.run(job)).toEqual(waitFor(POLL_INTERVAL_MS));
    expect(fixture.array.deviceCount()).toBe(0);
    expect(fixture.target(job.targetId)).toMatchObject({ device: null, replicaState: "PREPARED", failure: null });
  });

  it("does nothing for a target that is already settled (a redelivered job)", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = fixture.establishedSession();
    const start = await fixture.link(sessionId, 1);
    const job = fixture.linkJob(start, 0);
    await fixture.linkStep.run(job);
    const linked = fixture.target(job.targetId);

    for (const operation of ["provision", "link", "status"] as const) {
      fixture.array.failNext(operation, new ArrayOperationError(`unexpected ${operation}`, false));
    }
    expect(await fixture.linkStep.run(job)).toEqual(DONE);
    expect(fixture.target(job.targetId)).toEqual(linked);
    expect(fixture.array.pendingFailures()).toEqual({ provision: 1, link: 1, status: 1 });
  });

  it("records a final failure on the target in ViPR's shape, after which the job does nothing", async () => {
    const fixture = new LinkWorkflowFixture();
    const sessionId = fixture.establishedSession();
    const start = await fixture.link(sessionId, 1);
    const job = fixture.linkJob(start, 0);
    const refusal = new ArrayOperationError("The maximum number of sessions has been exceeded", false);
    fixture.array.failNext("link", refusal);
    await expect(fixture.linkStep.run(job)).rejects.toBe(refusal);

    await fixture.linkStep.fail(job, refusal);

    expect(fixture.target(job.targetId)).toMatchObject({
      replicaState: "PREPARED",
      linkState: { state: "failed" },
      failure: {
        code: 16001,
        description: "Unable to contact the SMIS provider",
        details:
          "Unable to call Storage Provider successfully. Caused by: The maximum number of sessions has been exceeded",
        retryable: false,
      },
    });
    expect(await fixture.linkStep.run(job)).toEqual(DONE);
    expect(fixture.target(job.targetId).linkState.state).toBe("failed");
  });
});
