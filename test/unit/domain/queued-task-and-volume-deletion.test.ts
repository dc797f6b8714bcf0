import { describe, expect, it } from "vitest";
import { ServiceError } from "../../../src/domain/shared/service-error.js";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { Volume } from "../../../src/domain/storage/volume.js";
import { Task } from "../../../src/domain/tasks/task.js";

const aTask = () =>
  Task.start({
    id: newUrn("Task"),
    opId: "op",
    name: "UNLINK SNAPSHOT SESSION TARGETS",
    description: "d",
    resource: { type: "BlockSnapshotSession", id: newUrn("BlockSnapshotSession"), name: "s" },
    tenantId: newUrn("TenantOrg"),
    now: 10,
  });

const aVolume = () =>
  Volume.adopt({
    id: newUrn("Volume"),
    name: "tgt-1",
    placement: {
      projectId: newUrn("Project"),
      tenantId: newUrn("TenantOrg"),
      storageSystemId: newUrn("StorageSystem"),
      storagePoolId: newUrn("StoragePool"),
      varrayId: newUrn("VirtualArray"),
      vpoolId: newUrn("VirtualPool"),
    },
    capacityBytes: 1024 ** 3,
    device: { nativeId: "00123", wwn: "6000", deviceLabel: "tgt-1" },
    now: 1,
  });

function codeOf(action: () => unknown): number {
  try {
    action();
  } catch (error) {
    if (error instanceof ServiceError) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("a task queued behind another operation", () => {
  it("waits `queued` with the time it was queued, then begins `pending`", () => {
    const task = aTask();
    task.waitInQueue(20);
    expect(task.toState()).toMatchObject({ state: "queued", queuedStartTime: 20, progress: 0 });
    expect(task.isFinished).toBe(false);
    task.leaveQueue();
    expect(task.toState()).toMatchObject({ state: "pending", queuedStartTime: 20 });
    expect(() => task.leaveQueue()).toThrow(/not queued/);
  });

  it("cannot be queued once it has begun, and may fail while queued", () => {
    const begun = aTask();
    begun.reportProgress(10);
    expect(() => begun.waitInQueue(20)).toThrow(/once it has begun/);
    const queued = aTask();
    queued.waitInQueue(20);
    queued.fail({ code: 2001, description: "d", details: "gone", retryable: false }, 30);
    expect(queued.toState()).toMatchObject({ state: "error", endTime: 30 });
  });
});

describe("a volume", () => {
  it("adopted from an unlinked target exists with that target's device", () => {
    const volume = aVolume();
    expect([volume.isActive, volume.device?.nativeId, volume.name]).toEqual([true, "00123", "tgt-1"]);
  });

  it("may be deleted only when active, with nothing pending, no session and no linked target", () => {
    const quiet = { pendingTask: false, activeSessions: 0, linkedTargets: 0 };
    expect(codeOf(() => aVolume().checkDeactivation({ ...quiet, pendingTask: true }))).toBe(1056);
    expect(codeOf(() => aVolume().checkDeactivation({ ...quiet, activeSessions: 1 }))).toBe(1013);
    expect(codeOf(() => aVolume().checkDeactivation({ ...quiet, linkedTargets: 1 }))).toBe(1013);
    const deleted = aVolume();
    deleted.markDeleted();
    expect(codeOf(() => deleted.checkDeactivation(quiet))).toBe(2001);
    expect(() => aVolume().checkDeactivation(quiet)).not.toThrow();
  });
});
