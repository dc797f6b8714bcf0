import { expect, it } from "vitest";
import { createSession, createVolume, discoverSeededWorld, type SeededWorld } from "../support/e2e/seeded-world.js";
import type { RunningService } from "../support/e2e/service-process.js";
import { ViprClient } from "../support/e2e/vipr-client.js";

/**
 * The session operations over HTTP against a running coprsim (docs/api/snapshot-sessions.md):
 * create with targets, unlink (kept as a volume, and deleted), relink, restore, deactivate FULL
 * and VIPR_ONLY, the read endpoints that show their effects, and their serialization.
 */
export function sessionOperationsScenario(service: () => RunningService): void {
  async function client(): Promise<{ vipr: ViprClient; world: SeededWorld }> {
    const vipr = new ViprClient(service().baseUrl);
    await vipr.login();
    return { vipr, world: await discoverSeededWorld(vipr) };
  }

  async function readyAll(vipr: ViprClient, tasks: { id: string }[]) {
    for (const task of tasks) {
      const done = await vipr.waitForTask(task.id);
      expect(done, JSON.stringify(done.service_error)).toMatchObject({ state: "ready", progress: 100 });
    }
  }

  const session = async (vipr: ViprClient, id: string) => (await vipr.get(`/block/snapshot-sessions/${id}`)).body;
  const linkedIds = async (vipr: ViprClient, id: string) =>
    (await session(vipr, id)).linked_targets.map((t: { id: string }) => t.id);

  it("creates a session with targets, unlinks one into a new volume (XML) and deletes another", async () => {
    const { vipr, world } = await client();
    const sourceId = await createVolume(vipr, world, "vmax", "ops-src");
    const created = await vipr.post(`/block/volumes/${sourceId}/protection/snapshot-sessions`, {
      name: "ops-snap",
      new_linked_targets: { count: 3, target_name: "ops-t", copy_mode: "nocopy" },
    });
    expect(created.status).toBe(202);
    await readyAll(vipr, created.body.task);
    const sessionId = created.body.task.find((t: any) => t.resource.id.includes(":BlockSnapshotSession:")).resource.id;
    const targets = await Promise.all(
      (await linkedIds(vipr, sessionId)).map(async (id: string) => (await vipr.get(`/block/snapshots/${id}`)).body),
    );
    const byName = (name: string) => targets.find((t) => t.name === name);
    const kept = byName("ops-t-1");
    const [t1, t2, t3] = ["ops-t-1", "ops-t-2", "ops-t-3"].map((name) => byName(name)?.id);
    expect(kept).toMatchObject({ replica_state: "SYNCHRONIZED" });

    const unlink = await vipr.postXml(
      `/block/snapshot-sessions/${sessionId}/unlink-targets`,
      `<snapshot_session_unlink_targets><linked_targets><linked_target><id>${t1}</id></linked_target>` +
        `<linked_target><id>${t2}</id><delete_target>true</delete_target></linked_target></linked_targets>` +
        "</snapshot_session_unlink_targets>",
    );
    expect(unlink.status).toBe(202);
    expect(unlink.body).toMatch(/^<\?xml[^>]*><task>.*<name>UNLINK SNAPSHOT SESSION TARGETS<\/name>/s);
    const taskId = /<id>(urn:storageos:Task:[^<]+)<\/id>/.exec(unlink.body)?.[1];
    await readyAll(vipr, [{ id: taskId! }]);

    expect(await linkedIds(vipr, sessionId)).toEqual([t3]);
    for (const id of [t1, t2]) expect((await vipr.get(`/block/snapshots/${id}`)).body.inactive).toBe(true);
    const snapshots = (await vipr.get(`/block/volumes/${sourceId}/protection/snapshots`)).body.snapshot;
    expect(snapshots.map((s: { id: string }) => s.id)).toEqual([t3]);

    const found = (await vipr.get(`/block/volumes/search?project=${world.projectId}&name=ops-t-1`)).body.resource;
    expect(found).toHaveLength(1);
    const volume = (await vipr.get(`/block/volumes/${found[0].id}`)).body;
    const source = (await vipr.get(`/block/volumes/${sourceId}`)).body;
    expect(volume.id).not.toBe(t1);
    expect(volume).toMatchObject({
      name: "ops-t-1",
      wwn: kept.wwn,
      native_id: kept.native_id,
      vpool: { id: source.vpool.id },
      provisioned_capacity_gb: source.provisioned_capacity_gb,
      inactive: false,
    });
    const deleted = (await vipr.get(`/block/volumes/search?project=${world.projectId}&name=ops-t-2`)).body.resource;
    expect(deleted).toEqual([]);

    const bulk = await vipr.post("/block/volumes/bulk", { id: [volume.id, sourceId] });
    expect(bulk.body.volume.map((v: { id: string }) => v.id)).toEqual([volume.id, sourceId]);
    const tasks = (await vipr.get(`/block/snapshot-sessions/${sessionId}/tasks`)).body.task;
    expect(tasks.map((t: { name: string }) => t.name)).toEqual([
      "CREATE SNAPSHOT SESSION",
      "UNLINK SNAPSHOT SESSION TARGETS",
    ]);

    // The new volume is independent of the session: its device can be deleted.
    const deleteVolume = await vipr.post(`/block/volumes/${volume.id}/deactivate`);
    expect(deleteVolume.status).toBe(202);
    await readyAll(vipr, [deleteVolume.body]);
    expect((await vipr.get(`/block/volumes/${volume.id}`)).body.inactive).toBe(true);
    const volumeTasks = (await vipr.get(`/block/volumes/${volume.id}/tasks`)).body.task;
    expect(volumeTasks.map((t: { name: string }) => t.name)).toEqual(["DELETE VOLUME"]);
    const byOpId = await vipr.get(`/block/volumes/${volume.id}/tasks/${deleteVolume.body.op_id}`);
    expect(byOpId.body.id).toBe(deleteVolume.body.id);
  });

  it("relinks a target to another session, restores it, and deactivates sessions FULL and VIPR_ONLY", async () => {
    const { vipr, world } = await client();
    const sourceId = await createVolume(vipr, world, "vmax", "ops2-src");
    const first = await createSession(vipr, sourceId, "ops2-a");
    const link = await vipr.post(`/block/snapshot-sessions/${first}/link-targets`, {
      new_linked_targets: { count: 1, target_name: "ops2-t", copy_mode: "copy" },
    });
    await readyAll(vipr, link.body.task);
    const [target] = await linkedIds(vipr, first);
    const second = await createSession(vipr, sourceId, "ops2-b");

    const relink = await vipr.post(`/block/snapshot-sessions/${second}/relink-targets`, { ids: [target] });
    expect(relink.status).toBe(202);
    expect(relink.body.task[0]).toMatchObject({ name: "RELINK SNAPSHOT SESSION TARGETS", resource: { id: second } });
    await readyAll(vipr, relink.body.task);
    expect(await linkedIds(vipr, first)).toEqual([]);
    expect(await linkedIds(vipr, second)).toEqual([target]);
    expect((await vipr.get(`/block/snapshots/${target}`)).body).toMatchObject({
      copy_mode: "copy",
      is_sync_active: true,
    });

    const restore = await vipr.post(`/block/snapshot-sessions/${second}/restore`);
    expect(restore.status).toBe(202);
    expect(restore.body).toMatchObject({ name: "RESTORE SNAPSHOT SESSION", resource: { id: second } });
    await readyAll(vipr, [restore.body]);

    const full = await vipr.post(`/block/snapshot-sessions/${first}/deactivate?type=FULL`);
    expect(full.status).toBe(202);
    await readyAll(vipr, full.body.task);
    expect((await session(vipr, first)).inactive).toBe(true);

    const refused = await vipr.post(`/block/snapshot-sessions/${second}/deactivate`);
    expect([refused.status, refused.body.code]).toEqual([400, 1013]);
    const removeTarget = await vipr.post(`/block/snapshots/${target}/deactivate`);
    expect(removeTarget.body.task[0]).toMatchObject({
      name: "UNLINK SNAPSHOT SESSION TARGETS",
      resource: { id: second },
    });
    await readyAll(vipr, removeTarget.body.task);
    const viprOnly = await vipr.post(`/block/snapshot-sessions/${second}/deactivate?type=VIPR_ONLY`);
    // Answered as the real controller answers it, pending; stored done, with the controller's message.
    expect(viprOnly.body.task[0]).toMatchObject({ state: "pending", progress: 0 });
    expect((await vipr.get(`/vdc/tasks/${viprOnly.body.task[0].id}`)).body).toMatchObject({
      state: "ready",
      progress: 100,
      message: "Snapshot session succesfully deleted from ViPR",
    });
    expect((await session(vipr, second)).inactive).toBe(true);
    expect((await vipr.get(`/block/volumes/${sourceId}/protection/snapshot-sessions`)).body.snapshot_session).toEqual(
      [],
    );

    // The array still holds the VIPR_ONLY session's snapshot, so the source can only be forgotten.
    const deleteSource = await vipr.post(`/block/volumes/${sourceId}/deactivate?type=VIPR_ONLY`);
    expect(deleteSource.body).toMatchObject({ name: "DELETE VOLUME", resource: { id: sourceId }, state: "ready" });
    expect((await vipr.get(`/block/volumes/${sourceId}`)).body.inactive).toBe(true);
    const recent = (await vipr.get(`/vdc/tasks?tenant=${world.tenantId}&max_count=2`)).body.task;
    expect(recent.map((t: { id: string }) => t.id)).toEqual([deleteSource.body.id, viprOnly.body.task[0].id]);
  });

  it("queues an unlink and a restore behind a running link of the session, and refuses deactivate meanwhile", async () => {
    const { vipr, world } = await client();
    const sourceId = await createVolume(vipr, world, "vmax", "ops3-src", "512MB");
    const sessionId = await createSession(vipr, sourceId, "ops3-snap");
    const quick = await vipr.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 1, target_name: "ops3-nc" },
    });
    await readyAll(vipr, quick.body.task);
    const [nocopy] = await linkedIds(vipr, sessionId);

    // A copy of 512 MB takes seconds on the fast clock: the link stays pending meanwhile.
    const slow = await vipr.post(`/block/snapshot-sessions/${sessionId}/link-targets`, {
      new_linked_targets: { count: 1, target_name: "ops3-cp", copy_mode: "copy" },
    });
    const unlink = await vipr.post(`/block/snapshot-sessions/${sessionId}/unlink-targets`, {
      linked_targets: [{ id: nocopy, delete_target: true }],
    });
    expect(unlink.status).toBe(202);
    expect(unlink.body).toMatchObject({ state: "pending", name: "UNLINK SNAPSHOT SESSION TARGETS" });
    const waiting = (await vipr.get(`/vdc/tasks/${unlink.body.id}`)).body;
    expect(waiting).toMatchObject({ state: "queued", queueName: sessionId });
    expect(waiting.queuedStartTime).toBeGreaterThan(0);
    expect(waiting).not.toHaveProperty("message");
    // A restore is refused only while the source volume has a task pending: it waits its turn too.
    const restore = await vipr.post(`/block/snapshot-sessions/${sessionId}/restore`);
    expect(restore.status).toBe(202);
    expect(restore.body).toMatchObject({ name: "RESTORE SNAPSHOT SESSION" });
    expect((await vipr.get(`/vdc/tasks/${restore.body.id}`)).body).toMatchObject({ state: "queued" });
    const refused = await vipr.post(`/block/snapshot-sessions/${sessionId}/deactivate`);
    expect([refused.status, refused.body.code]).toEqual([400, 1056]);

    const linked = await vipr.waitForTask(slow.body.task[0].id);
    const unlinked = await vipr.waitForTask(unlink.body.id);
    const restored = await vipr.waitForTask(restore.body.id);
    expect([linked.state, unlinked.state, restored.state]).toEqual(["ready", "ready", "ready"]);
    expect(unlinked.end_time).toBeGreaterThanOrEqual(linked.end_time);
    // Out of the queue, the task says so as the real controller's do.
    expect(unlinked).toMatchObject({ queueName: "null", message: "Operation completed successfully" });
    expect(unlinked).not.toHaveProperty("queuedStartTime");
    expect(restored.end_time).toBeGreaterThanOrEqual(unlinked.end_time);
    expect((await linkedIds(vipr, sessionId)).length).toBe(1);
    expect((await vipr.get(`/block/snapshots/${nocopy}`)).body.inactive).toBe(true);
  });
}
