import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newUrn } from "../../../src/domain/shared/urn.js";
import { expectViprError } from "../../support/http/error-assertions.js";
import { HttpTestApp } from "../../support/http/http-test-app.js";

/** docs/api/snapshots.md: restoring a source from a linked target, and deleting linked targets. */
describe("linked targets (block snapshots)", () => {
  let t: HttpTestApp;
  let root: string;

  beforeEach(async () => {
    t = new HttpTestApp();
    root = await t.login();
  });
  afterEach(() => t.close());

  const sessionOf = async (sessionId: string) =>
    (await t.json("GET", `/block/snapshot-sessions/${sessionId}`, root)).json();

  describe("POST /block/snapshots/{id}/restore", () => {
    it("accepts one task on the target, RESTORE VOLUME SNAPSHOT, that starts the restore workflow and keeps the source busy", async () => {
      const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);

      const response = await t.json("POST", `/block/snapshots/${target}/restore`, root);

      expect(response.statusCode).toBe(202);
      expect(response.json()).toMatchObject({
        name: "RESTORE VOLUME SNAPSHOT",
        description: "restore volume snapshot",
        state: "pending",
        resource: { id: target, name: "lt-1" },
      });
      expect(t.store.outbox.at(-1)).toEqual({
        workflow: "restore-from-linked-target",
        taskId: response.json().id,
        sessionId: t.sessionId,
        targetId: target,
      });
      // Another session of the same source cannot restore meanwhile: the source is busy.
      const second = t.world.addSession(t.volumeId, "second");
      expect((await t.json("POST", `/block/snapshot-sessions/${second}/restore`, root)).json()).toMatchObject({
        code: 1056,
      });
      expect((await t.json("POST", `/block/snapshots/${target}/restore`, root)).json()).toMatchObject({ code: 1056 });
      // An operation of the target's session waits behind the restore: pending in its 202, as
      // every accepted task is, and queued when read again.
      const unlink = (
        await t.json("POST", `/block/snapshot-sessions/${t.sessionId}/unlink-targets`, root, {
          linked_targets: [{ id: target }],
        })
      ).json();
      expect(unlink).toMatchObject({ state: "pending" });
      expect((await t.json("GET", `/vdc/tasks/${unlink.id}`, root)).json()).toMatchObject({ state: "queued" });
    });

    it("refuses a target whose link has not completed, in the words of its family", async () => {
      for (const [sessionId, text] of [
        [
          t.sessionId,
          "Settings instance for snapshot {0} is null. If it is VPSnap snapshot, the operation is not supported.",
        ],
        [
          t.mockSessionId,
          "The snapshot {0} has not been activated yet. Please activate before attempting snapshot restore.",
        ],
      ] as const) {
        const link = await t.json("POST", `/block/snapshot-sessions/${sessionId}/link-targets`, root, {
          new_linked_targets: { count: 1, target_name: "pending" },
        });
        const prepared = t.store.outbox.at(-1);
        if (prepared?.workflow !== "link-targets") throw new Error("no link started");
        const [target] = prepared.targetIds;
        // The link's task is still running: the session is busy first.
        expect((await t.json("POST", `/block/snapshots/${target}/restore`, root)).json()).toMatchObject({ code: 1056 });
        await settle(link.json().task[0].id, sessionId);

        expectViprError(
          await t.json("POST", `/block/snapshots/${target}/restore`, root),
          400,
          1013,
          text.replace("{0}", "pending-1"),
        );
      }
    });

    it("takes a syncDirection of ViPR's three, refusing any other (400/1008) before looking for pending tasks", async () => {
      const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);
      await t.json("POST", `/block/snapshot-sessions/${t.sessionId}/link-targets`, root, {
        new_linked_targets: { count: 1, target_name: "busy" },
      });
      for (const value of ["sideways", ""]) {
        expectViprError(
          await t.json("POST", `/block/snapshots/${target}/restore?syncDirection=${value}`, root),
          400,
          1008,
          `Invalid value ${value} for syncDirection provided. Valid values are SOURCE_TO_TARGET, TARGET_TO_SOURCE and NONE.`,
        );
      }
      expect(
        (await t.json("POST", `/block/snapshots/${target}/restore?syncDirection=NONE`, root)).json(),
      ).toMatchObject({ code: 1056 });
    });

    it("refuses an unknown id whatever it looks like (404/2000), and another tenant's target (403/3000)", async () => {
      const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);
      for (const id of ["abc", newUrn("BlockSnapshot"), t.volumeId]) {
        expectViprError(
          await t.json("POST", `/block/snapshots/${id}/restore`, root),
          404,
          2000,
          `Unable to find entity specified in URL with the given id ${id}`,
        );
      }
      expectViprError(
        await t.json("POST", `/block/snapshots/${target}/restore`, await t.login("bob")),
        403,
        3000,
        "Insufficient permissions for user bob.",
      );
      expectViprError(
        await t.json("POST", `/block/snapshots/${target}/restore`, await t.login("sysmonitor")),
        403,
        3000,
        "Insufficient permissions for user sysmonitor.",
      );
    });
  });

  describe("POST /block/snapshots/{id}/deactivate", () => {
    it("VIPR_ONLY forgets the target: the answer shows the task pending, the task is then ready; no workflow runs", async () => {
      const [target, kept] = t.world.addLinkedTargets(t.sessionId, "lt", 2);
      const outboxBefore = t.store.outbox.length;

      const response = await t.json("POST", `/block/snapshots/${target}/deactivate?type=VIPR_ONLY`, root);

      expect(response.statusCode).toBe(202);
      const [task] = response.json().task;
      expect(task).toMatchObject({
        name: "DELETE VOLUME SNAPSHOT",
        description: "delete volume snapshot",
        state: "pending",
        resource: { id: target },
      });
      expect((await t.json("GET", `/vdc/tasks/${task.id}`, root)).json()).toMatchObject({
        state: "ready",
        message: "Snapshot succesfully deleted from ViPR",
      });
      expect((await t.json("GET", `/block/snapshots/${target}`, root)).json()).toMatchObject({ inactive: true });
      expect((await sessionOf(t.sessionId)).linked_targets.map((l: { id: string }) => l.id)).toEqual([kept]);
      expect(t.store.outbox.length).toBe(outboxBefore);
    });

    it("answers a target already deleted with a ready task of its own, whatever the type; anything but VIPR_ONLY is FULL", async () => {
      const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);
      await t.json("POST", `/block/snapshots/${target}/deactivate?type=VIPR_ONLY`, root);

      for (const type of ["", "?type=FULL", "?type=vipr_only"]) {
        const again = await t.json("POST", `/block/snapshots/${target}/deactivate${type}`, root);
        expect(again.statusCode).toBe(202);
        expect(again.json().task).toEqual([
          expect.objectContaining({
            name: "DELETE VOLUME SNAPSHOT",
            state: "ready",
            message: "The snapshot has already been deleted",
            resource: expect.objectContaining({ id: target }),
          }),
        ]);
      }
    });

    it("FULL unlinks a linked target with delete, in its session's task", async () => {
      const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);
      const response = await t.json("POST", `/block/snapshots/${target}/deactivate?type=FULL`, root);
      expect(response.json().task).toEqual([
        expect.objectContaining({
          name: "UNLINK SNAPSHOT SESSION TARGETS",
          resource: expect.objectContaining({ id: t.sessionId }),
        }),
      ]);
      expect(t.store.outbox.at(-1)).toMatchObject({
        workflow: "unlink-targets",
        targets: [{ targetId: target, deleteTarget: true }],
      });
    });

    it("VIPR_ONLY is refused (400/1056) while the target's session runs an operation", async () => {
      const [target] = t.world.addLinkedTargets(t.sessionId, "lt", 1);
      await t.json("POST", `/block/snapshot-sessions/${t.sessionId}/link-targets`, root, {
        new_linked_targets: { count: 1, target_name: "busy" },
      });

      expect((await t.json("POST", `/block/snapshots/${target}/deactivate?type=VIPR_ONLY`, root)).json()).toMatchObject(
        {
          code: 1056,
        },
      );
      expect((await t.json("GET", `/block/snapshots/${target}`, root)).json()).toMatchObject({ inactive: false });
    });
  });

  /** Ends a running session operation's task as a worker would, so that the session is free again. */
  async function settle(taskId: string, sessionId: string) {
    const { settleSessionTask } = await import("../../../src/application/workflows/session-task-settlement.js");
    const { InMemoryUnitOfWork } = await import("../../support/fakes/in-memory-unit-of-work.js");
    await new InMemoryUnitOfWork(t.store).run((scope) =>
      settleSessionTask(
        scope,
        { taskId, sessionId },
        { code: 12000, description: "failed", details: "failed", retryable: false },
        t.clock.now(),
      ),
    );
  }
});
