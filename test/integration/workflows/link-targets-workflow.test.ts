import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SeededFamily } from "../../../src/infrastructure/persistence/seed.js";
import { createScratchDatabase, eventually, type QueueKind, WorkflowWorld } from "./support/workflow-world.js";

let database: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  database = await createScratchDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describe.each<QueueKind>(["redis", "postgres"])("the link workflow on BullMQ over %s", (kind) => {
  let world: WorkflowWorld;
  let serial = 0;
  const unique = (name: string) => `${name}-${kind}-${++serial}`;

  beforeAll(async () => {
    world = await WorkflowWorld.start(kind, database.url);
  });

  afterAll(async () => {
    await world?.stop();
  });

  afterEach(async () => {
    await world.queueDrained();
    for (const family of ["mock", "vmax"] as const) {
      const left = await world.plannedFaults(family);
      await world.clearFaults(family);
      expect(left, "faults the test planned but the workflow never met").toEqual([]);
    }
  });

  it.each<SeededFamily>(["mock", "vmax"])(
    "links nocopy and copy targets on %s: both tasks ready, targets SYNCHRONIZED",
    async (family) => {
      const { volumeId, sessionId } = await world.sourceWithSession(family, unique("happy"));
      const nocopy = await world.link(sessionId, 2, "nc", "nocopy");
      const copy = await world.link(sessionId, 2, "cp", "copy");

      for (const started of [nocopy, copy]) {
        const task = await world.finished(started.id);
        expect(task).toMatchObject({ state: "ready", progress: 100, message: "Operation completed successfully" });
        expect(task.serviceError).toBeNull();
        expect(task.endTime).toBeGreaterThanOrEqual(task.startTime);
      }
      const targets = [...(await world.targetsOf(nocopy.id)), ...(await world.targetsOf(copy.id))];
      expect(targets.map((t) => t.name).sort()).toEqual(["cp-1", "cp-2", "nc-1", "nc-2"]);
      for (const target of targets) {
        expect(target).toMatchObject({ replicaState: "SYNCHRONIZED", inactive: false, sourceVolumeId: volumeId });
        expect(target.nativeId).toBeTruthy();
        const device = await world.arrayDeviceFor(family, target.id);
        expect(device?.nativeId).toBe(target.nativeId);
        const link = await world.arrayLinkOf(family, target.nativeId!);
        expect(link?.copyMode).toBe(target.copyMode);
      }
      expect(targets.filter((t) => t.copyMode === "copy").map((t) => t.linkState.state)).toEqual(["copied", "copied"]);
      const session = await world.readModel.session(sessionId);
      expect([...(session?.linkedTargetIds ?? [])].sort()).toEqual(targets.map((t) => t.id).sort());
    },
  );

  it("keeps the 2 targets that linked and rolls back the 1 whose link failed for good", async () => {
    const { sessionId } = await world.sourceWithSession("mock", unique("linkfault"));
    const message = "Mock array: injected link failure";
    await world.injectFault("mock", { operation: "link", count: 1, message, retryable: false });
    const started = await world.link(sessionId, 3, "lf", "nocopy");

    const task = await world.finished(started.id);
    expect(task.state).toBe("error");
    expect(task.serviceError).toEqual({
      code: 16001,
      description: "Unable to contact the SMIS provider",
      details: `Unable to call Storage Provider successfully. Caused by: ${message}`,
      retryable: false,
    });
    expect(task.message).toBe(task.serviceError?.details);
    expect(task.endTime).not.toBeNull();

    const targets = await world.targetsOf(started.id);
    const kept = targets.filter((t) => !t.inactive);
    const rolledBack = targets.filter((t) => t.inactive);
    expect(kept).toHaveLength(2);
    expect(rolledBack).toHaveLength(1);
    for (const target of kept) {
      expect(target.replicaState).toBe("SYNCHRONIZED");
      expect(target.failure).toBeNull();
      expect((await world.arrayLinkOf("mock", target.nativeId!))?.copyMode).toBe("nocopy");
    }
    const [failed] = rolledBack;
    expect(failed).toMatchObject({ replicaState: "PREPARED", linkState: { state: "failed" } });
    expect(failed?.failure?.details).toContain(message);
    expect(await world.arrayDeviceFor("mock", failed!.id)).toBeNull();
    expect(await world.arrayLinkOf("mock", failed!.nativeId!)).toBeNull();

    const session = await world.readModel.session(sessionId);
    expect([...(session?.linkedTargetIds ?? [])].sort()).toEqual(kept.map((t) => t.id).sort());
  });

  it("retries a provision that fails twice with a retryable error, then links: task ready", async () => {
    const { sessionId } = await world.sourceWithSession("mock", unique("busy"));
    await world.injectFault("mock", {
      operation: "provision",
      count: 2,
      message: "Mock array: busy, try again",
      retryable: true,
    });
    const started = await world.link(sessionId, 1, "busy", "nocopy");

    const task = await world.finished(started.id);
    expect(task).toMatchObject({ state: "ready", progress: 100, serviceError: null });
    const [target] = await world.targetsOf(started.id);
    expect(target).toMatchObject({ replicaState: "SYNCHRONIZED", inactive: false, failure: null });
    expect((await world.arrayDeviceFor("mock", target!.id))?.nativeId).toBe(target?.nativeId);
    expect(await world.plannedFaults("mock")).toEqual([]);
  });

  it("rolls back a target whose provision fails for good: no device, record inactive, task error", async () => {
    const { sessionId } = await world.sourceWithSession("mock", unique("noroom"));
    const devicesBefore = await world.arrayDeviceCount("mock");
    const message = "Mock array: the pool is full";
    await world.injectFault("mock", { operation: "provision", count: 1, message, retryable: false });
    const started = await world.link(sessionId, 1, "noroom", "copy");

    const task = await world.finished(started.id);
    expect(task.state).toBe("error");
    expect(task.serviceError).toMatchObject({ code: 16001, retryable: false });
    expect(task.serviceError?.details).toContain(message);
    const [target] = await world.targetsOf(started.id);
    expect(target).toMatchObject({ inactive: true, replicaState: "PREPARED", nativeId: null });
    expect(target?.failure?.details).toContain(message);
    expect(await world.arrayDeviceFor("mock", target!.id)).toBeNull();
    expect(await world.arrayDeviceCount("mock")).toBe(devicesBefore);
    expect((await world.readModel.session(sessionId))?.linkedTargetIds).toEqual([]);
  });

  it("runs a workflow delivered twice (and again after it ended) once: no second device, task ready once", async () => {
    const { sessionId } = await world.sourceWithSession("mock", unique("twice"));
    const started = await world.link(sessionId, 2, "twice", "copy");
    const start = {
      workflow: "link-targets" as const,
      taskId: started.id,
      sessionId,
      targetIds: (await world.targetsOf(started.id)).map((t) => t.id),
    };
    // The relay delivers the outbox row too: this second delivery races it.
    await world.launch(start);

    const task = await world.finished(started.id);
    expect(task).toMatchObject({ state: "ready", progress: 100 });
    await world.queueDrained();
    const devicesAfterFirstRun = await world.arrayDeviceCount("mock");
    const targets = await world.targetsOf(started.id);

    await world.launch(start);
    await world.queueDrained();

    expect(await world.arrayDeviceCount("mock")).toBe(devicesAfterFirstRun);
    expect(await world.readModel.task(started.id)).toEqual(task);
    expect(await world.targetsOf(started.id)).toEqual(targets);
    for (const target of targets) {
      expect(target).toMatchObject({ replicaState: "SYNCHRONIZED", inactive: false });
      expect((await world.arrayDeviceFor("mock", target.id))?.nativeId).toBe(target.nativeId);
    }
  });

  it("runs a workflow delivered again while its finish step waits to retry a rollback, to one settled task", async () => {
    const { sessionId } = await world.sourceWithSession("mock", unique("redeliver"));
    const message = "Mock array: injected link failure before a redelivery";
    await world.injectFault("mock", { operation: "link", count: 1, message, retryable: false });
    await world.injectFault("mock", {
      operation: "unlink",
      count: 3,
      message: "Mock array: unlink busy",
      retryable: true,
    });
    const devicesBefore = await world.arrayDeviceCount("mock");
    const started = await world.link(sessionId, 2, "rd", "nocopy");
    const targetIds = (await world.targetsOf(started.id)).map((t) => t.id);
    // The failed target's job has ended; the finish step now meets the busy unlink and backs off.
    await eventually("a target to fail", async () =>
      (await world.targetsOf(started.id)).some((t) => t.failure !== null) ? true : undefined,
    );
    await world.launch({ workflow: "link-targets", taskId: started.id, sessionId, targetIds });

    const task = await world.finished(started.id);
    expect(task.state).toBe("error");
    expect(task.serviceError?.details).toContain(message);
    await world.queueDrained();
    const targets = await world.targetsOf(started.id);
    expect(targets.filter((t) => t.inactive)).toHaveLength(1);
    expect(targets.filter((t) => !t.inactive).map((t) => t.replicaState)).toEqual(["SYNCHRONIZED"]);
    expect(await world.arrayDeviceCount("mock")).toBe(devicesBefore + 1);
    expect(await world.readModel.task(started.id)).toEqual(task);
  });

  it("retries the finish step when the rollback's unlink and delete fail once each, then settles the task", async () => {
    const { sessionId } = await world.sourceWithSession("mock", unique("rollback"));
    const message = "Mock array: injected link failure before rollback";
    await world.injectFault("mock", { operation: "link", count: 1, message, retryable: false });
    await world.injectFault("mock", {
      operation: "unlink",
      count: 1,
      message: "Mock array: unlink busy",
      retryable: true,
    });
    await world.injectFault("mock", {
      operation: "delete",
      count: 1,
      message: "Mock array: delete busy",
      retryable: true,
    });
    const started = await world.link(sessionId, 2, "rb", "nocopy");

    const task = await world.finished(started.id);
    expect(task.state).toBe("error");
    expect(task.serviceError?.details).toContain(message);
    expect(await world.plannedFaults("mock")).toEqual([]);
    const targets = await world.targetsOf(started.id);
    const [failed] = targets.filter((t) => t.inactive);
    expect(failed?.failure?.details).toContain(message);
    expect(await world.arrayDeviceFor("mock", failed!.id)).toBeNull();
    const kept = targets.filter((t) => !t.inactive);
    expect(kept.map((t) => t.replicaState)).toEqual(["SYNCHRONIZED"]);
    expect((await world.readModel.session(sessionId))?.linkedTargetIds).toEqual(kept.map((t) => t.id));
  });

  it("follows a copy that takes time through the step's waits to ready (the wait path of the step worker)", async () => {
    const { sessionId } = await world.sourceWithSession("vmax", unique("slowcopy"), "64MB");
    world.clock.useProfile("fast");
    try {
      const started = await world.link(sessionId, 1, "slow", "copy");
      const task = await world.finished(started.id);
      expect(task).toMatchObject({ state: "ready", progress: 100, serviceError: null });
      const [target] = await world.targetsOf(started.id);
      expect(target).toMatchObject({
        replicaState: "SYNCHRONIZED",
        linkState: { state: "copied", percentCopied: 100 },
      });
    } finally {
      world.clock.useProfile("instant");
    }
  });

  it("links targets requested while the session's snapshot is still being established", async () => {
    const volumeTask = await world.startVolume("vmax", unique("early"));
    expect((await world.finished(volumeTask.id)).state).toBe("ready");
    const sessionTask = await world.startSession(volumeTask.resource.id, unique("early-snap"));
    const started = await world.link(sessionTask.resource.id, 2, "early", "copy");

    expect((await world.finished(sessionTask.id)).state).toBe("ready");
    expect(await world.finished(started.id)).toMatchObject({ state: "ready", progress: 100 });
    const targets = await world.targetsOf(started.id);
    expect(targets.map((t) => t.replicaState)).toEqual(["SYNCHRONIZED", "SYNCHRONIZED"]);
    const session = await world.readModel.session(sessionTask.resource.id);
    expect(session?.nativeId).toBeTruthy();
    for (const target of targets) {
      expect((await world.arrayLinkOf("vmax", target.nativeId!))?.snapId).toBe(
        Number(session?.nativeId?.split(":")[2]),
      );
    }
  });

  it("fails a volume whose provision fails for good: task error, volume inactive, nothing on the array", async () => {
    const message = "Mock array: cannot create the device";
    await world.injectFault("mock", { operation: "provision", count: 1, message, retryable: false });
    const started = await world.startVolume("mock", unique("badvol"));

    const task = await world.finished(started.id);
    expect(task.state).toBe("error");
    expect(task.serviceError).toEqual({
      code: 16001,
      description: "Unable to contact the SMIS provider",
      details: `Unable to call Storage Provider successfully. Caused by: ${message}`,
      retryable: false,
    });
    const volume = await world.readModel.volume(started.resource.id);
    expect(volume).toMatchObject({ inactive: true, nativeId: null });
    expect(await world.arrayDeviceFor("mock", started.resource.id)).toBeNull();
  });
});
